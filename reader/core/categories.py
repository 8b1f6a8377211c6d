"""Highlight categories and their colours, shared by the window and every export.

The base colours are the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness. Each category has a background tint for light
and for dark themes; text keeps the theme's own colour so contrast stays high.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    SPEAKER = "speaker"
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    FIGURE = "figure"
    DATE = "date"
    QUOTE = "quote"


@dataclass(frozen=True, slots=True)
class Style:
    label: str
    base: str  # the Okabe-Ito colour, for swatches, bars and borders
    light_bg: str  # highlight background on a light theme
    dark_bg: str  # highlight background on a dark theme


STYLES: dict[Category, Style] = {
    Category.SPEAKER: Style("Speaker", "#D55E00", "#F9D2BC", "#6B2F00"),
    Category.PERSON: Style("Person", "#E69F00", "#FBE3B0", "#5E4100"),
    Category.ORGANIZATION: Style("Organization", "#0072B2", "#C4E0F2", "#003A5C"),
    Category.PLACE: Style("Place", "#009E73", "#BDE8D9", "#00513B"),
    Category.FIGURE: Style("Figure", "#CC79A7", "#F2D3E4", "#5C2F48"),
    Category.DATE: Style("Date/time", "#8C8C8C", "#E2E2E2", "#474747"),
    Category.QUOTE: Style("Quote", "#56B4E9", "#E6F3FB", "#1B3A4D"),
}

ORDER: tuple[Category, ...] = tuple(Category)

# spaCy labels -> highlight category (speakers are promoted later, once quotes are known)
LABEL_CATEGORY: dict[str, Category] = {
    "PERSON": Category.PERSON,
    "ORG": Category.ORGANIZATION,
    "NORP": Category.ORGANIZATION,
    "GPE": Category.PLACE,
    "LOC": Category.PLACE,
    "FAC": Category.PLACE,
    "DATE": Category.DATE,
    "TIME": Category.DATE,
}


def style(category: Category | str) -> Style:
    return STYLES[Category(category)]
