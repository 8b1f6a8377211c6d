"""Per-user settings: QSettings with organisation "reader".

When ``XDG_CONFIG_HOME`` is set (always on Linux desktops, and in the tests) the settings
live in an INI file under it, read at the moment of use, so a test that points it at a
temporary directory never touches the real home.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

ORGANIZATION = "reader"
APPLICATION = "reader"
MAX_RECENT = 10


def settings() -> QSettings:
    base = os.environ.get("XDG_CONFIG_HOME")
    if base:
        return QSettings(os.path.join(base, ORGANIZATION, f"{APPLICATION}.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def list_value(s: QSettings, key: str) -> list[object]:
    """A list setting (an INI file gives a one-item list back as a plain string)."""
    value = s.value(key, [])
    if isinstance(value, str):
        return [value]
    return list(value) if isinstance(value, (list, tuple)) else []


def int_value(s: QSettings, key: str, default: int = 0) -> int | None:
    """A number setting (an INI file gives it back as text); None when it is not one."""
    value = s.value(key, default)
    if not isinstance(value, (int, float, str)):
        return None
    try:
        return int(value)
    except ValueError:
        return None


def recent_files() -> list[str]:
    return [str(v) for v in list_value(settings(), "recent") if v]


def add_recent(path: str) -> list[str]:
    path = os.path.abspath(path)
    items = [p for p in recent_files() if p != path]
    items.insert(0, path)
    items = items[:MAX_RECENT]
    settings().setValue("recent", items)
    return items


def clear_recent() -> None:
    settings().remove("recent")


def last_export_folder() -> str | None:
    """The folder of the last export (the export dialog starts there), if it is remembered."""
    value = settings().value("export/folder", "")
    return str(value) if value else None


def set_last_export_folder(path: str) -> None:
    settings().setValue("export/folder", os.path.dirname(os.path.abspath(path)))


THEMES = ("light", "dark", "system")  # View > Theme; "system" follows the desktop's palette


def saved_theme() -> str | None:
    """The theme chosen in View > Theme, if any."""
    value = str(settings().value("view/theme", "") or "")
    return value if value in THEMES else None


def save_theme(name: str) -> None:
    settings().setValue("view/theme", name if name in THEMES else "system")
