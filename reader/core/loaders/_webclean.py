"""Web page leftovers: trailer and credit blocks dropped, site suffixes cut from titles.

Main-content extraction keeps some lines that belong to the page, not the article: "Read
more: ..." links, photo credits, the agency's standards line, "Reporting by ...; Editing
by ...", newsletter and social media prompts, copyright lines. :data:`TRAILERS` names
each kind with an anchored pattern, the longest block it may drop, and where:

- ``"block"``: the pattern must match the *whole* block, anywhere in the article (these
  are short, formulaic lines that prose does not take);
- ``"tail"``: the pattern need only match the block's start, and only in the run of
  blocks at the very end of the article that all look like trailers.

A section label at the end ("Related stories", "More from ...") followed only by short
blocks (a list of headlines) is dropped with them. Nothing is dropped when it would leave
no text.

Titles often carry the site and a date: "... | DW | 19.01.2020", "... - BBC News". A
trailing separator-delimited segment is cut while it names the site (the site name or host
from the page's metadata), is a domain, an agency-style acronym ("DW", "AP", "BBC News")
or a date; never when what remains would be shorter than two words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple


class Trailer(NamedTuple):
    name: str
    pattern: re.Pattern[str]
    max_len: int
    where: str  # "block": the whole block, anywhere; "tail": the block's start, at the end


def _t(name: str, where: str, max_len: int, *parts: str, flags: int = re.I | re.S) -> Trailer:
    return Trailer(name, re.compile("".join(parts), flags), max_len, where)


_SEP = r"\s*[:：|>»\-–—]+\s*"
# labels of link lists, dropped as whole blocks anywhere
_LINK_LABEL = (
    r"(?:read more|see also|also read|read next|read also|more reading|recommended reading|further reading"
    r"|related(?: (?:articles?|stories|story|content|coverage|reading|links|topics|news))?"
    r"|more on this(?: story| topic)?|more stories|don['’]t miss|must read"
    r"|you (?:may|might) also (?:like|be interested in))"
)
# more labels that head a list of links, but only when it ends the article
_END_LABEL = (
    rf"(?:{_LINK_LABEL}|recommended(?: stories)?|more (?:from|on|about) [\w .'’&-]{{1,40}}|top stories"
    r"|most (?:read|popular|viewed)|latest news|trending(?: now)?|what to read next|also on [\w .'’&-]{1,40})"
)
_NAMES = r"(?:[A-Z][\w.'’-]*|and|in|by|&|,|;|\s|de|van|von|der|la|al|bin)+"
_SOCIAL = (
    r"(?:twitter|x|facebook|instagram|linkedin|threads|bluesky|tiktok|youtube|mastodon|telegram"
    r"|whatsapp|google news|social media)"
)

_PHOTO = r"(?:photo(?:graph)?|image|picture|video|illustration)"

TRAILERS: tuple[Trailer, ...] = (
    _t("read-more", "block", 200, _LINK_LABEL, rf"(?:{_SEP}.+)?"),
    _t(
        "credit-in-parentheses",
        "block",
        400,
        rf".{{0,300}}?\(\s*{_PHOTO}?\s*(?:credit|courtesy|source)s?\s*[:：]",
        r"[^()]{1,120}\)\s*\.?",
    ),
    _t(
        "photo-credit", "block", 120, rf"{_PHOTO}s?(?: (?:credit|courtesy|source)s?)?\s*[:：]\s*[^.]{{1,100}}"
    ),
    _t("caption-label", "block", 400, r"(?:image|media|video|photo) (?:caption|source|credit)s?\s*[,:：].*"),
    _t("agency-standards", "block", 80, r"our standards\s*:\s*the thomson reuters trust principles\.?"),
    _t(
        "agency-credits",
        "block",
        300,
        r"\(?(?:additional reporting by|(?:reporting|writing) by [^;]{1,120};",
        r"\s*(?:additional reporting|editing|writing)\b).*",
    ),
    # names only (capitalised words), so "Reporting by the Times showed ..." stays
    _t(
        "credit-line",
        "block",
        300,
        r"\(?(?:[Aa]dditional )?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Rr]esearch",
        r"|[Cc]ompiled|[Ee]dited|[Ww]ritten|[Tt]ranslated|[Gg]raphics)(?: and [a-z]+)? by ",
        _NAMES,
        r"\.?\)?\.?",
        flags=0,
    ),
    _t(
        "newsletter",
        "block",
        200,
        r"(?:sign up|subscribe|register)\b",
        r"(?=.{0,150}\b(?:newsletters?|inbox|e-?mails?|alerts|briefings?|free|here|now|today)\b).*",
    ),
    _t("follow-us", "block", 200, rf"follow (?:us|@?[\w .'’&-]{{1,40}}) on {_SOCIAL}\b.*"),
    _t("copyright", "block", 250, r"(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})).*"),
    _t("rights-reserved", "block", 250, r".{0,150}\ball rights reserved\b.*"),
    _t(
        "advertisement",
        "block",
        60,
        r"(?:advertisement|sponsored content|skip advertisement|scroll to continue(?: with content)?",
        r"|(?:story|article) continues(?: below)?(?: (?:the )?(?:advertisement|ad))?",
        r"|continue reading(?: below| the main story)?)\.?",
    ),
    _t("share", "block", 80, r"share (?:this|on|via)\b.{0,60}"),
    _t(
        "originally-published",
        "tail",
        400,
        r"(?:a version of )?this (?:story|article|piece|post|report|interview|essay|column)\b.{0,80}?",
        r"\b(?:originally|first appeared|republished|appeared (?:first |originally )?(?:in|on|at)",
        r"|was (?:produced|co-published) (?:by|in|with))",
    ),
    _t(
        "contributed", "tail", 300, r".{0,200}\bcontributed(?: reporting)? to this (?:report|story|article)\b"
    ),
    _t("read-original", "tail", 200, r"read (?:the )?(?:original|full) (?:article|story|version)\b"),
    _t(
        "contact", "tail", 200, r"(?:contact|e-?mail|write to) (?:the )?(?:author|reporter|writer|editor)s?\b"
    ),
    _t("tags", "tail", 300, r"(?:tags|topics|filed under|categories|keywords)\s*[:：]"),
)

_SECTION_LABEL = re.compile(rf"{_END_LABEL}\s*[:：]?", re.I)
_LIST_ITEM_MAX = 150  # the blocks after a section label at the end must all be this short


def trailer(text: str, *, at_end: bool = False) -> str | None:
    """The name of the trailer pattern ``text`` (one block) matches, or None."""
    for t in TRAILERS:
        if len(text) > t.max_len:
            continue
        if t.where == "block" and t.pattern.fullmatch(text):
            return t.name
        if at_end and t.where == "tail" and t.pattern.match(text):
            return t.name
    return None


def _section_start(texts: list[str], end: int) -> int:
    """Where a trailing link list begins: a section label followed only by short blocks."""
    start = end
    for i in range(end - 1, 0, -1):
        if len(texts[i]) > _LIST_ITEM_MAX:
            break
        if _SECTION_LABEL.fullmatch(texts[i]):
            start = i
    return start


def keep_blocks(texts: list[str]) -> list[bool]:
    """Which of an article's blocks (their texts, in order) are article text."""
    keep = [trailer(t) is None for t in texts]
    end = len(texts)
    while end > 1 and (not keep[end - 1] or trailer(texts[end - 1], at_end=True)):
        end -= 1
    end = _section_start(texts, end)
    out = [k and i < end for i, k in enumerate(keep)]
    return out if any(out) else [True] * len(texts)


# --- titles -----------------------------------------------------------------------------------

_TITLE_SEP = re.compile(r"\s+(?:[|–—·•»‹›~]|-|::)\s+")
_DATE = re.compile(
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|(?:\d{1,2}\.? )?[A-Z][a-z]{2,8}\.? (?:\d{1,2},? )?\d{4}",
)
_DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", re.I)
_ACRONYM = re.compile(r"[A-Z]{2,5}(?: News(?: Online)?)?")
_HOST_PARTS = re.compile(r"^(?:https?://)?(?:www\d?\.|m\.|amp\.)?|(?:\.[a-z]{2,6}){1,2}(?:[:/].*)?$", re.I)


def _squash(name: str) -> set[str]:
    """Comparable forms of a site name or host: letters and digits only, with and without a
    leading "the" ("The Guardian" and theguardian.com meet on "theguardian")."""
    name = re.sub(r"\W+", "", _HOST_PARTS.sub("", name.strip().casefold()))
    return {name, name[3:]} if name.startswith("the") and len(name) > 5 else {name}


def is_date(text: str) -> bool:
    return bool(_DATE.fullmatch(text.strip()))


def _names_site(segment: str, names: list[str]) -> bool:
    for seg in _squash(segment):
        for name in names:
            for n in _squash(name):
                if (
                    len(n) >= 2
                    and len(seg) >= 2
                    and (seg.startswith(n) or (len(seg) >= 3 and n.startswith(seg)))
                ):
                    return True
    return False


def _is_site_segment(segment: str, names: list[str]) -> bool:
    segment = segment.strip()
    return (
        is_date(segment)
        or bool(_DOMAIN.fullmatch(segment))
        or bool(_ACRONYM.fullmatch(segment))
        or _names_site(segment, names)
    )


def _long_enough(title: str) -> bool:
    return len(title.split()) >= 2


def clean_title(title: str | None, site_names: Sequence[str | None] = ()) -> str | None:
    """``title`` without trailing site and date segments (at most three are cut)."""
    if not title:
        return title
    names = [n for n in site_names if n and not is_date(n)]
    for _ in range(3):
        seps = list(_TITLE_SEP.finditer(title))
        if not seps:
            break
        last = seps[-1]
        head, segment = title[: last.start()].rstrip(), title[last.end() :]
        if not _long_enough(head) or not _is_site_segment(segment, names):
            break
        title = head
    return title
