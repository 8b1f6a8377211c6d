"""Plain text: decoded exactly, lines kept as written.

Decoding order: a byte-order mark (UTF-8/16/32) wins; then UTF-16 without a BOM (seen
from the zero bytes of ASCII characters); then UTF-8, where a few invalid bytes among
valid multi-byte characters are replaced rather than fatal; then charset-normalizer for
legacy encodings, preferring the Western code pages (cp1252/latin-1) when they read as
well as the detector's first guess. Binary data is refused with :class:`NotTextError`.
CRLF and lone CR become LF; nothing else in the text is changed.
"""

from __future__ import annotations

import codecs
import re

from reader.core.errors import NoTextError, NotTextError
from reader.core.model import Article
from reader.core.paragraphs import line_blocks

_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WESTERN = ("cp1252", "latin_1", "iso8859_15", "iso8859_1")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))  # NUL, ESC, ...
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
MAX_CONTROL_RATIO = 0.01  # more than 1% control characters: binary, not text
MAX_REPLACED_RATIO = 0.10  # more than 10% undecodable: not text in this encoding


def _ratio(count: int, total: int) -> float:
    return count / total if total else 0.0


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    zero_even = sample[0::2].count(0)
    zero_odd = sample[1::2].count(0)
    if zero_odd > 0.3 * pairs and zero_even < 0.05 * pairs:
        return "utf-16-le"
    if zero_even > 0.3 * pairs and zero_odd < 0.05 * pairs:
        return "utf-16-be"
    return None


def _check_text(text: str, path: str) -> None:
    n = len(text)
    if _ratio(len(_CONTROL_CHARS.findall(text)), n) > MAX_CONTROL_RATIO:
        raise NotTextError(path)
    if _ratio(text.count("\ufffd"), n) > MAX_REPLACED_RATIO:
        raise NotTextError(path)


def _legacy(data: bytes, path: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise NotTextError(path)
    best = matches[0]
    choice = best.encoding
    for m in matches:  # a Western code page reading (almost) as cleanly as the first guess
        western = next((c for c in _WESTERN if c in m.could_be_from_charset), None)
        if western and m.chaos <= best.chaos + 0.05:
            choice = western
            break
    if choice in ("latin_1", "iso8859_1"):
        choice = "cp1252"  # its superset for printable characters (quotes, dashes, euro)
    if choice == "cp1252":
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:  # one of cp1252's five unassigned bytes: read as latin-1
            return data.decode("latin-1"), "latin-1"
    return data.decode(choice, errors="replace"), choice


def decode_bytes(data: bytes, path: str, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding name) of ``data``; ``declared`` is a charset the file names itself
    (HTML meta), used when the bytes are not UTF-8. Newlines are not touched here."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if enc.startswith("utf-32") and len(body) % 4:
                continue  # FF FE 00 00 not followed by whole UTF-32 units: UTF-16 after all
            text = body.decode(enc, errors="replace")
            _check_text(text, path)
            return text, enc + ("-sig" if enc == "utf-8" else "")
    enc16 = _looks_utf16(data)
    if enc16:
        text = data.decode(enc16, errors="replace")
        _check_text(text, path)
        return text, enc16
    if _ratio(len(data) - len(data.translate(None, _CONTROL_BYTES)), len(data)) > MAX_CONTROL_RATIO:
        raise NotTextError(path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch > "\x7f" and ch != "\ufffd") if bad else 0
    if good >= bad:  # genuine UTF-8 with a few broken bytes
        _check_text(text, path)
        return text, "utf-8"
    if declared:
        try:
            text = data.decode(declared, errors="replace")
        except LookupError:
            pass
        else:
            _check_text(text, path)
            return text, codecs.lookup(declared).name
    text, enc = _legacy(data, path)
    _check_text(text, path)
    return text, enc


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_MONTHS = {
    m: k
    for k, names in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ),
        1,
    )
    for m in names.split()
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATES = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mm>[01]\d)-(?P<day>[0-3]\d)\b"),  # 2024-03-07
    re.compile(
        rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b"
    ),  # March 7, 2024
    re.compile(
        rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b"
    ),  # 7 March 2024
)
OPENING_LINES = 6  # where a text file's date is looked for: its first lines ...
DATE_LINE_CHARS = 100  # ... that are short (a byline or date line), or a dateline's opening


def opening_date(text: str) -> str | None:
    """The article's date as ``YYYY-MM-DD`` when its opening says it: a full date (with its year)
    on one of the first short lines ("Published March 7, 2024", "By Jane Doe | 7 March 2024") or
    at the head of the first paragraph's dateline ("PORT ALDER, March 7, 2024 —"). A date further
    into the story is what the story is about, not when it was written: never taken."""
    lines = [ln.strip() for ln in text[:4000].split("\n") if ln.strip()][:OPENING_LINES]
    for line in lines:
        head = line if len(line) <= DATE_LINE_CHARS else line[:DATE_LINE_CHARS]
        if len(line) > DATE_LINE_CHARS and not re.search(r"[—–]|\s-\s", head):
            continue  # a long line: only a dateline's head (up to its dash) counts
        if len(line) > DATE_LINE_CHARS:
            head = re.split(r"[—–]|\s-\s", head, maxsplit=1)[0]
        for pattern in _DATES:
            found = pattern.search(head)
            if found is None:
                continue
            parts = found.groupdict()
            month = int(parts["mm"]) if parts.get("mm") else _MONTHS.get(parts["month"].lower())
            day, year = int(parts["day"]), int(parts["year"])
            if month and 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def load_bytes(data: bytes, path: str) -> Article:
    text, encoding = decode_bytes(data, path)
    text = normalize_newlines(text)
    if not text.strip():
        raise NoTextError(path, "the file holds only blank space")
    return Article(
        text=text,
        title=None,
        blocks=line_blocks(text),
        source=path,
        format="txt",
        encoding=encoding,
        date=opening_date(text),
    )
