"""``reader install-desktop``: the reader in the user's application menu (freedesktop.org).

Writes, under ``$XDG_DATA_HOME`` (``~/.local/share`` by default), the desktop entry
(``applications/``), the AppStream metadata (``metainfo/``) and the icon
(``icons/hicolor/scalable/apps/``), all named by the application id, the name the desktop entry's
``Icon=`` uses. The entry's ``Exec=`` is this installation's own launcher (a virtual environment's
``reader``, or the frozen app), so the menu opens the reader that ran the command. Each file is
written atomically; ``--uninstall`` removes the three. Nothing outside the user's data folder is
touched, and no root is needed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from reader.core.paths import resource

APP_ID = "io.github.reader.reader"


def data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def launcher() -> list[str]:
    """The command that starts this installation's window."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = Path(sys.executable).parent / "reader"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "reader"]


def targets(home: Path) -> dict[str, Path]:
    return {
        "desktop": home / "applications" / f"{APP_ID}.desktop",
        "metainfo": home / "metainfo" / f"{APP_ID}.metainfo.xml",
        "icon": home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
    }


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def _exec_arg(arg: str) -> str:
    """One argument of ``Exec=`` as the Desktop Entry specification quotes it: in double quotes
    when it holds a reserved character, with ``"``, `` ` ``, ``$`` and ``\\`` escaped inside;
    a literal ``%`` doubled."""
    arg = arg.replace("%", "%%")
    if not _RESERVED & set(arg):
        return arg
    inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{inner}"'


def _exec_line(command: list[str]) -> str:
    line = " ".join(_exec_arg(part) for part in command) + " %f"
    return line.replace("\\", "\\\\")  # the key file's own escape of a backslash


def install(home: Path | None = None) -> list[Path]:
    """Writes the three files; returns where."""
    where = targets(home or data_home())
    entry = resource("desktop", f"{APP_ID}.desktop").read_text(encoding="utf-8")  # (before any write)
    lines = [f"Exec={_exec_line(launcher())}" if ln.startswith("Exec=") else ln for ln in entry.splitlines()]
    _write(where["desktop"], ("\n".join(lines) + "\n").encode("utf-8"))
    _write(where["metainfo"], resource("desktop", f"{APP_ID}.metainfo.xml").read_bytes())
    _write(where["icon"], resource("icons", "reader.svg").read_bytes())
    _refresh(where["desktop"].parent)
    return list(where.values())


def uninstall(home: Path | None = None) -> list[Path]:
    where = targets(home or data_home())
    removed = []
    for path in where.values():
        if path.exists():
            path.unlink()
            removed.append(path)
    if removed:
        _refresh(where["desktop"].parent)
    return removed


def _refresh(applications: Path) -> None:
    """Tells the desktop's caches, where the tool is there (it is optional: menus rescan anyway)."""
    tool = shutil.which("update-desktop-database")
    if tool and applications.is_dir():
        try:
            subprocess.run([tool, "-q", str(applications)], check=False, capture_output=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            pass  # the entry is written; the menu finds it on its next scan
