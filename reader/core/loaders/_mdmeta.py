"""A Markdown file's header: a pandoc title block or YAML front matter, split from the body.

Two header forms are recognised, only at the very start of the file:

- **pandoc title block**: up to three lines starting with ``%``: title, authors, date. A field
  may be left empty (a bare ``%``); the title and the authors continue on following lines
  that start with a space; authors are separated by ``;`` or by continuation lines; the date
  is one line.
- **YAML front matter**: a ``---`` line, a YAML mapping, and a closing ``---`` or ``...``
  line. The line after the opening one must start a ``key:`` (otherwise the ``---`` is a
  thematic break, as in pandoc). Only a small, safe subset of YAML is read, by hand and
  without any YAML library (nothing is ever constructed or executed): top-level ``key:
  value`` scalars (plain, single- or double-quoted, folded over indented lines, or ``|`` /
  ``>`` blocks), lists (block ``- item`` or flow ``[a, b]``) and one level of nested
  mapping, whose ``name`` is taken (``author: {name: ...}`` or a list of such).

:func:`split_header` returns the fields the :class:`~reader.core.model.Article` carries
(``title``, ``author``, ``date``, ``publisher``, ``url``) as Markdown inline text, and the
body that follows the header. Other keys (subtitle, description, tags...) are dropped with
the header: they are metadata, not article text.
"""

from __future__ import annotations

import re

# the Article field each header key fills, first key found wins
_FIELDS = {
    "title": ("title",),
    "author": ("author", "authors", "creator", "by"),
    "date": ("date", "published", "pubdate", "date_published"),
    "publisher": ("publisher", "site", "site_name", "source"),
    "url": ("url", "link", "canonical_url", "permalink"),
}
_AUTHOR_SEP = "; "

_YAML_OPEN = re.compile(r"---[ \t]*")
_YAML_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*")
_KEY = re.compile(r"([A-Za-z_][\w .-]*?)[ \t]*:(?:[ \t]+(.*?))?[ \t]*")
_COMMENT = re.compile(r"[ \t]+#.*")
_TAG = re.compile(r"(?:![!\w/:.-]*|&[\w-]+)[ \t]+")  # a tag or an anchor before a value
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)")
_ESCAPES = {"n": "\n", "t": "\t", "0": "", "/": "/", '"': '"', "\\": "\\", " ": " "}

Value = str | list[str] | dict[str, str]


def split_header(text: str) -> tuple[dict[str, str], str]:
    """(fields, body) of Markdown ``text`` with newlines already normalised to ``\\n``."""
    lines = text.split("\n")
    if lines and lines[0].startswith("%"):
        return _pandoc_block(lines)
    if lines and _YAML_OPEN.fullmatch(lines[0]):
        found = _front_matter(lines)
        if found is not None:
            return found
    return {}, text


# --- pandoc title block ---------------------------------------------------------------------------


def _pandoc_block(lines: list[str]) -> tuple[dict[str, str], str]:
    fields: list[list[str]] = []
    i = 0
    while i < len(lines) and len(fields) < 3 and lines[i].startswith("%"):
        field = [lines[i][1:].strip()]
        i += 1
        while len(fields) < 2 and i < len(lines) and lines[i][:1] in (" ", "\t") and lines[i].strip():
            field.append(lines[i].strip())  # a continuation line (the date has none)
            i += 1
        fields.append(field)
    meta: dict[str, str] = {}
    if fields:
        meta["title"] = " ".join(part for part in fields[0] if part)
    if len(fields) > 1:
        authors = [a.strip() for line in fields[1] for a in line.split(";")]
        meta["author"] = _AUTHOR_SEP.join(a for a in authors if a)
    if len(fields) > 2:
        meta["date"] = fields[2][0]
    return {k: v for k, v in meta.items() if v}, "\n".join(lines[i:])


# --- YAML front matter ----------------------------------------------------------------------------


def _front_matter(lines: list[str]) -> tuple[dict[str, str], str] | None:
    """The fields and body when ``lines`` open with a YAML mapping between ``---`` lines."""
    end = next((i for i in range(1, len(lines)) if _YAML_CLOSE.fullmatch(lines[i])), None)
    if end is None:
        return None
    block = lines[1:end]
    if block and not _KEY.fullmatch(block[0]) and not block[0].lstrip().startswith("#"):
        return None  # "---" then prose: a thematic break, not front matter
    mapping = _mapping(block)
    meta: dict[str, str] = {}
    for field, keys in _FIELDS.items():
        for key in keys:
            value = _flatten(mapping.get(key))
            if value:
                meta[field] = value
                break
    return meta, "\n".join(lines[end + 1 :])


def _flatten(value: Value | None) -> str | None:
    if isinstance(value, dict):
        return value.get("name") or next(iter(value.values()), None)
    if isinstance(value, list):
        return _AUTHOR_SEP.join(v for v in value if v) or None
    return value or None


def _mapping(block: list[str]) -> dict[str, Value]:
    """Top-level keys (lower-cased) of a YAML mapping, each with its value read simply."""
    entries: list[tuple[str, str | None, list[str]]] = []
    for line in block:
        if not line.strip() or line.lstrip().startswith("#"):
            if entries and entries[-1][2]:
                entries[-1][2].append("")  # a blank line inside a block scalar
            continue
        m = _KEY.fullmatch(line) if line[0] not in " \t-" else None
        if m is not None:
            entries.append((m.group(1).strip().lower(), m.group(2), []))
        elif entries:
            entries[-1][2].append(line)  # indented, or a "- item" of the key above
    out: dict[str, Value] = {}
    for key, inline, body in entries:
        out.setdefault(key, _value(inline, body))
    return out


def _value(inline: str | None, body: list[str]) -> Value:
    while body and not body[-1]:
        body.pop()
    if inline is not None:
        inline = _TAG.sub("", inline, count=1) if inline[:1] in "!&" else inline
    if inline and inline[0] in "|>":
        return _block_scalar(inline[0], body)
    if inline and inline[0] == "[":
        return [_scalar(item) for item in _split_flow(" ".join([inline, *(b.strip() for b in body)]))]
    if inline and inline[0] == "{":
        pairs = (item.partition(":") for item in _split_flow(inline))
        return {k.strip().lower(): _scalar(v) for k, _, v in pairs}
    if inline:
        return _scalar(" ".join([inline, *(b.strip() for b in body if b)]))
    if body and body[0].lstrip().startswith("-"):
        return _sequence(body)
    return _nested(body)


def _block_scalar(style: str, body: list[str]) -> str:
    indent = min((len(b) - len(b.lstrip()) for b in body if b.strip()), default=0)
    lines = [b[indent:].rstrip() for b in body]
    if style == "|":
        return "\n".join(lines).strip()
    return " ".join(line for line in lines if line).strip()


def _sequence(body: list[str]) -> list[str]:
    """A block list: each ``- item`` a scalar, or a mapping whose ``name`` is taken."""
    items: list[list[str]] = []
    for line in body:
        stripped = line.strip()
        if stripped.startswith("-") and (len(stripped) == 1 or stripped[1] in " \t"):
            items.append([stripped[1:].strip()])
        elif items and stripped:
            items[-1].append(stripped)
    values = []
    for first, *rest in items:
        if _KEY.fullmatch(first) and not first.startswith(("'", '"')):
            values.append(_flatten(_nested([first, *rest])) or "")
        else:
            values.append(_scalar(" ".join([first, *rest])))
    return [v for v in values if v]


def _nested(body: list[str]) -> dict[str, str]:
    """One level of mapping under a key: ``name: value`` lines."""
    out: dict[str, str] = {}
    for line in body:
        m = _KEY.fullmatch(line.strip())
        if m and m.group(2):
            out.setdefault(m.group(1).strip().lower(), _scalar(m.group(2)))
    return out


def _split_flow(text: str) -> list[str]:
    """The items of a flow collection ``[a, "b, c"]`` or ``{k: v}``, quotes respected; what
    follows its closing bracket (a comment) is ignored."""
    items, current, quote = [], "", ""
    for ch in text.strip()[1:]:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in ",]}":
            items.append(current)
            current = ""
            if ch != ",":
                break
            continue
        current += ch
    else:
        items.append(current)
    return [item.strip() for item in items if item.strip()]


def _scalar(text: str) -> str:
    """A YAML scalar as text: quotes removed and their escapes read; plain text unchanged
    apart from a trailing comment. Tags, anchors and aliases are not interpreted."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'").strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return _ESCAPE.sub(_unescape, text[1:-1]).strip()
    return _COMMENT.sub("", text).strip()


def _unescape(m: re.Match[str]) -> str:
    code = m.group(1)
    if code[0] == "u" and len(code) == 5:
        return chr(int(code[1:], 16))
    return _ESCAPES.get(code, code)
