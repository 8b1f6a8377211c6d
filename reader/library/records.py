"""The library record of one analysed file, made wherever the file is analysed (this process, a
worker process, a Dask worker): plain JSON, no model object. This module is the library's door into
spaCy (through ``reader.nlp.pipeline``); the store, the speaker merging and the indexer's runs
stay spaCy-free.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reader.core.categories import LABEL_CATEGORY, Category
from reader.core.errors import AnalysisFailedError, Cancelled, ReaderError
from reader.core.model import Analysis

ANALYSER_ERROR = AnalysisFailedError.code  # an analyser bug: recorded like a bad file, the run goes on

# the kinds of a library speaker, from the label of the quote's speaker entity in its article: the
# window's categories, but a group named by its nation, creed or party ("Russians", "Republicans",
# NORP; the window shows it with the organizations) is people, no one source: an unnamed one, one
# speaker per wording as "officials" are, never the same source in two articles
KINDS = {
    label: category.value
    for label, category in LABEL_CATEGORY.items()
    if category in (Category.PERSON, Category.ORGANIZATION, Category.PLACE) and label != "NORP"
} | {"NORP": "unnamed"}


@dataclass
class Result:
    path: str
    content_hash: str
    record: dict[str, Any] | None
    error_code: str | None = None
    error: str | None = None
    written: bool = field(default=True)  # False: a worker died; nothing to write
    analysis: dict[str, Any] | None = None  # the whole analysis (Analysis.to_json), kept for the window


def analyser_version() -> str:
    """The reader's version and the attribution model's: a change re-analyses every article."""
    from reader import __version__
    from reader.nlp.version import attribution_model_version

    return f"{__version__}+attribution.{attribution_model_version()}"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: str) -> str:
    """The SHA-256 of the file's bytes; "" when it cannot be read (the analysis records why)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return ""
    return h.hexdigest()


def analyse_file(path: str, *, should_cancel: Callable[[], bool] | None = None) -> dict[str, Any]:
    """The library record of one file: ``{"record": {...}}`` or ``{"error_code", "error"}``.

    The record is plain JSON: title, date, outlet, format, words; ``entities`` (canonical: ref,
    name, label, category, mentions, forms); ``quotes`` (the ``analyze --json`` quote plus
    ``speaker_ref``, the speaker's entity in the article, and ``speaker_kind``); ``figures``."""
    from reader.core.loaders import load
    from reader.nlp.pipeline import analyze

    try:
        analysis = analyze(load(path), should_cancel=should_cancel)
    except ReaderError as exc:
        return {"error_code": exc.code, "error": str(exc)}
    except Cancelled:
        raise
    except Exception as exc:
        err = AnalysisFailedError(path, f"{type(exc).__name__}: {exc}")
        return {"error_code": err.code, "error": str(err)}
    data = analysis.to_json()
    return {"record": record_from_json(data), "analysis": data}


def record_from_json(data: dict[str, Any]) -> dict[str, Any]:
    """The library record of an ``analyze --json`` object, titled as the exports title it."""
    from reader.report.document import article_title

    record = record_of(data)
    head = {k: v for k, v in data.items() if not isinstance(v, list) or k == "blocks"}
    record["title"] = article_title(Analysis.from_json(head).article)  # the page's, a headline, the name
    return record


def record_of(data: dict[str, Any]) -> dict[str, Any]:
    """The library record of an ``analyze --json`` object (the text itself is not kept)."""
    labels = {c["id"]: c["label"] for c in data.get("canonical_entities", [])}
    quotes = []
    for q in data.get("quotes", []):
        q = dict(q)
        ref = q.pop("speaker_id", None)
        q["speaker_ref"] = ref
        label = labels.get(ref) if ref else None
        q["speaker_kind"] = _kind(label) if q.get("speaker_name") else None
        if q.get("corrected") and q.get("speaker_name") and label is None:
            q["speaker_kind"] = "other"  # a name a reader typed: someone named, not an unnamed source
        quotes.append(q)
    entities = [
        {
            "ref": c["id"],
            "name": c["name"],
            "label": c["label"],
            "category": c["category"],
            "mentions": c["count"],
            "forms": sorted({m["text"] for m in c.get("mentions", [])}),
        }
        for c in data.get("canonical_entities", [])
    ]
    meta = data.get("metadata") or {}
    return {
        "title": data.get("title"),
        "date": meta.get("date"),
        "outlet": meta.get("publisher"),
        "format": data.get("format"),
        "words": len((data.get("text") or "").split()),
        "entities": entities,
        "quotes": quotes,
        "figures": data.get("figures", []),
    }


def _kind(label: str | None) -> str:
    if label is None or label == "SPEAKER":
        return "unnamed"
    return KINDS.get(label, "other")


def analyse_bytes(name: str, data: bytes) -> dict[str, Any]:
    """:func:`analyse_file` of content sent from another machine (the cluster): written to a
    temporary file with the same name, messages naming the original path."""
    with tempfile.TemporaryDirectory(prefix="reader-") as tmp:
        local = os.path.join(tmp, os.path.basename(name) or "article")
        with open(local, "wb") as f:
            f.write(data)
        result = analyse_file(local)
    if result.get("error"):
        result["error"] = str(result["error"]).replace(local, name)
    if result.get("analysis"):
        result["analysis"]["source"] = name  # the file it came from, not the temporary copy
    return result


def load_model() -> None:
    """Load the model now (a worker, before its first file); later calls cost nothing."""
    from reader.nlp.pipeline import load_nlp

    load_nlp()


def stored_analysis(path: str) -> Analysis | None:
    """The analysis of the file at ``path`` that the user's library holds for its content and
    this analyser (read-only, no model); ``None`` when it holds none or cannot be read."""
    from reader.library.store import default_db_path
    from reader.library.store import stored_analysis as stored

    digest = file_hash(path)
    if not digest:
        return None
    data = stored(default_db_path(), path, digest, analyser_version())
    if data is None:
        return None
    data["source"] = path  # the file as opened now (it may have been renamed since it was indexed)
    try:
        return Analysis.from_json(data)
    except (KeyError, TypeError, ValueError):
        return None  # a damaged row: analysed again as usual


def model_installed() -> bool:
    from reader.nlp.pipeline import model_available

    return model_available()
