"""The --screenshot command line and the highlighter's behaviour on a long article."""

from __future__ import annotations

import os
import subprocess
import sys

from _window import entity_item, entity_items
from PySide6.QtGui import QImage

from reader.core.categories import Category
from reader.core.model import Analysis, Article, Block, CanonicalEntity, Entity, Span
from reader.core.selection import Selection, apply
from reader.ui.article_view import CATEGORY_PROP, ArticleView


def test_ui_app_screenshot_writes_png_of_requested_size(tmp_path, seed_path):
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", "reader", str(seed_path), "--screenshot", str(out), "--size", "1000x640"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1000, 640)


def test_ui_app_screenshot_of_sample_in_dark_theme(tmp_path):
    out = tmp_path / "dark.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "--theme", "dark", "--screenshot", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    # the window background is dark
    assert image.pixelColor(image.width() // 3, image.height() - 60).lightnessF() < 0.35


def _long_analysis(words: int = 100_000) -> Analysis:
    para = (
        "Officials in Lindholm said the Harbour Authority would spend more on the new quay "
        "this year, according to Mara Quist. "
    ) * 8
    text, blocks, ents = "", [], []
    names = (
        ("Lindholm", Category.PLACE, "GPE", "p1"),
        ("Harbour Authority", Category.ORGANIZATION, "ORG", "o1"),
        ("Mara Quist", Category.PERSON, "PERSON", "e1"),
    )
    while len(text.split()) < words:
        start = len(text)
        text += para
        blocks.append(Block("paragraph", start, len(text)))
        for name, cat, label, eid in names:
            i = text.find(name, start)
            while i >= 0:
                ents.append(Entity(name, label, i, i + len(name), cat, eid))
                i = text.find(name, i + 1)
        text += "\n\n"
    canon = tuple(
        CanonicalEntity(
            eid, name, label, cat, tuple(Span(e.text, e.start, e.end) for e in ents if e.entity_id == eid)
        )
        for name, cat, label, eid in names
    )
    return Analysis(Article(text=text, blocks=tuple(blocks)), tuple(ents), canon)


def test_ui_article_view_long_article_never_blocks_long(qtbot, monkeypatch):
    from reader.ui import slices

    # a zero time budget: every look at the clock ends a slice, however fast this machine is
    monkeypatch.setattr(slices, "SLICE_SECONDS", 0.0)
    analysis = _long_analysis()
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.set_article(analysis.article)
    assert view.building  # a long article is laid out in slices, not in one go
    with qtbot.waitSignal(view.documentReady, timeout=30_000):
        pass
    for sel in (Selection(), Selection(frozenset({"e1"})), Selection(hidden=frozenset({Category.PLACE}))):
        with qtbot.waitSignal(view.highlightsApplied, timeout=30_000):
            view.set_highlights(analysis, apply(analysis, sel), sel)
        assert view.highlight_slices > 3  # the work was cut into slices (their length: benchmarks/run.py)
    # the last selection hid places: no place format remains anywhere
    block = view.document().begin()
    while block.isValid():
        assert all(r.format.property(CATEGORY_PROP) != "place" for r in block.layout().formats())
        block = block.next()


def test_ui_entity_list_filled_in_slices_keeps_the_latest_selection(qtbot):
    from reader.ui import entities_panel
    from reader.ui.entities_panel import EntitiesPanel

    n = entities_panel.FILL_BATCH + 3 * entities_panel.FILL_STEP  # more than one step to go
    text, ents, canon = "", [], []
    for k in range(n):
        name = f"Person{k:04d} Example"
        start = len(text)
        text += name + " spoke. "
        ents.append(Entity(name, "PERSON", start, start + len(name), Category.PERSON, f"e{k}"))
        canon.append(
            CanonicalEntity(f"e{k}", name, "PERSON", Category.PERSON, (Span(name, start, start + len(name)),))
        )
    analysis = Analysis(Article(text=text), tuple(ents), tuple(canon))
    panel = EntitiesPanel()
    qtbot.addWidget(panel)
    panel.set_analysis(analysis, Selection())
    assert len(entity_items(panel)) < n  # the rest comes in slices
    last = f"e{n - 1}"  # among the entities added last
    panel.mark_selection(Selection(frozenset({last})))  # chosen while the list is still filling
    qtbot.waitUntil(lambda: len(entity_items(panel)) == n, timeout=10_000)
    qtbot.wait(50)
    assert entity_item(panel, last).font(0).bold()
    assert not entity_item(panel, "e0").font(0).bold()


def test_no_display_is_one_line_not_an_abort():
    """Without a display Qt would abort (exit 134) naming a library that is not the problem."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run(
        [sys.executable, "-m", "reader"], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("reader: no display to open the window on")
    assert proc.stderr.count("\n") == 1
