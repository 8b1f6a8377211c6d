"""What an export shows: the options every renderer reads (a module of its own, so that the
renderers and ``export`` import it without importing each other)."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.selection import Selection


@dataclass(frozen=True)
class ExportOptions:
    only: tuple[str, ...] = ()  # entity names (CLI --only)
    categories: list[str] | None = None  # categories to show (None = all)
    page_size: str = "A4"
    selection: Selection | None = None  # the window's current filter and toggles
