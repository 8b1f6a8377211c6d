"""Loading the spaCy model (once, here only) and running it over an article in chunks.

The article text is cut into contiguous chunks at paragraph breaks, parsed with
``nlp.pipe`` and joined back (``Doc.from_docs``): the joined Doc's text is the
article text character for character, so every offset indexes ``Article.text``. A long text is
analysed in pieces (``PIECE_CHARS``), one at a time, so memory does not grow with the text. This
runs in the analysis worker process (``reader.worker``), the CLI and the indexer, never in the
window's process.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from reader.core.errors import Cancelled, ModelMissingError, TextTooLongError
from reader.core.loaders import MAX_TEXT_CHARS
from reader.core.model import Analysis, Article
from reader.nlp import MODEL_NAME

if TYPE_CHECKING:
    from spacy.language import Language

# The text goes to spaCy in chunks cut at line breaks: progress is reported, and cancellation looked
# at, between two pipe steps (PIPE_BATCH chunks, about 12,000 characters).
CHUNK_CHARS = 3_000
PIPE_BATCH = 4
HARD_CHUNK_CHARS = 100_000  # a single "paragraph" longer than this is cut at sentence ends
# A text longer than this is analysed in pieces of about this size, each parsed, analysed and let
# go before the next, so the memory an analysis needs is that of one piece (a Doc, its arrays and
# the attribution tagger's matrices grow with the text); the pieces' analyses are joined
# (core/pieces.py). Far longer than a news article: articles are analysed whole.
PIECE_CHARS = 200_000
# The longest text analysed (the loaders' limit, for texts that come from elsewhere): longer ones
# are refused at once with one line.
MAX_ANALYSED_CHARS = MAX_TEXT_CHARS

_nlp = None
_lock = threading.Lock()


def load_nlp() -> Language:
    """The shared pipeline, loaded on first use (thread-safe)."""
    global _nlp
    if _nlp is not None:
        return _nlp
    with _lock:
        if _nlp is None:
            try:
                import spacy

                nlp = spacy.load(MODEL_NAME)
            except (ImportError, OSError) as exc:
                raise ModelMissingError(detail=None) from exc
            from reader.nlp import components, known_entities
            from reader.nlp.quotes import model

            known_entities.use_lemma_tables(nlp)
            components.add_to(nlp)
            model.shipped()  # the attribution model, loaded (and its version checked) with the pipeline
            nlp.max_length = HARD_CHUNK_CHARS * 2
            _nlp = nlp
    return _nlp


def model_available() -> bool:
    import importlib.util

    return importlib.util.find_spec(MODEL_NAME) is not None


_BREAK = re.compile(r"\n\s*\n|\n")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")


def iter_chunks(text: str, size: int | None = None) -> Iterator[str]:
    """Contiguous pieces of ``text`` (joined they give ``text`` back), cut after line breaks."""
    size = size or CHUNK_CHARS
    n = len(text)
    pos = 0
    while pos < n:
        if n - pos <= size:
            yield text[pos:]
            return
        cut = -1
        window_end = min(n, pos + size)
        for m in _BREAK.finditer(text, pos + size // 2, window_end):
            cut = m.end()
        if cut <= pos:
            found = _BREAK.search(text, window_end, min(n, pos + HARD_CHUNK_CHARS))
            cut = found.end() if found else -1
        if cut <= pos:  # one enormous line: cut at a sentence end, else at a space
            hard_end = min(n, pos + HARD_CHUNK_CHARS)
            for m in _SENTENCE_END.finditer(text, pos + size // 2, hard_end):
                cut = m.end()
                if cut >= pos + size:
                    break
            if cut <= pos:
                space = text.rfind(" ", pos + 1, hard_end)
                cut = space + 1 if space > pos else hard_end
        yield text[pos:cut]
        pos = cut


ProgressFn = Callable[[int, int], None]


def parse(
    text: str,
    *,
    progress: ProgressFn | None = None,
    should_cancel: Callable[[], bool] | None = None,
):
    """The spaCy Doc of ``text`` (one Doc, offsets identical to ``text``)."""

    nlp = load_nlp()
    chunks = list(iter_chunks(text))
    docs = []
    done = 0
    total = len(text)
    for chunk, doc in zip(chunks, nlp.pipe(chunks, batch_size=PIPE_BATCH), strict=True):  # (in order)
        if should_cancel is not None and should_cancel():
            raise Cancelled()
        docs.append(doc)
        done += len(chunk)  # the Doc's text (doc.text would rebuild it token by token)
        if progress is not None:
            progress(done, total)
    if not docs:
        return nlp.make_doc("")
    if len(docs) == 1:
        return docs[0]
    from spacy.tokens import Doc

    # the chunks hold the text's own whitespace (none added); the tok2vec tensors are not read
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])  # type: ignore[call-arg]


def _open_quotation(paragraph: str) -> bool:
    """Whether a quotation opened in ``paragraph`` goes on after it (a quotation of several
    paragraphs leaves its first ones open)."""
    return paragraph.count("“") > paragraph.count("”") or paragraph.count('"') % 2 == 1


def iter_pieces(text: str, size: int | None = None) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of contiguous pieces of ``text`` of about ``size`` characters, cut at a
    line break that no quotation runs across (any line break when there is none)."""
    size = size or PIECE_CHARS
    n = len(text)
    pos = 0
    while pos < n:
        if n - pos <= size:
            yield pos, n
            return
        cut = -1
        fallback = -1
        for m in _BREAK.finditer(text, pos + size // 2, pos + size):
            fallback = m.end()
            para_start = text.rfind("\n", pos, m.start()) + 1
            if not _open_quotation(text[para_start : m.start()]):
                cut = m.end()
        if cut <= pos:
            cut = fallback
        if cut <= pos:  # no line break in the window: the chunk rules (sentence end, space)
            cut = pos + len(next(iter_chunks(text[pos:], size)))
        yield pos, cut
        pos = cut


def analyze(
    article: Article,
    *,
    progress: ProgressFn | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> Analysis:
    """Entities, quotes and figures of ``article``; a long text piece by piece (PIECE_CHARS)."""
    from reader.core.pieces import join_pieces
    from reader.nlp.extract import analysis_from_doc

    text = article.text
    if len(text) > MAX_ANALYSED_CHARS:
        raise TextTooLongError(
            article.source, f"{len(text):,} characters (the limit is {MAX_ANALYSED_CHARS:,})"
        )
    pieces = list(iter_pieces(text))
    if len(pieces) <= 1:
        doc = parse(text, progress=progress, should_cancel=should_cancel)
        if should_cancel is not None and should_cancel():
            raise Cancelled()
        return analysis_from_doc(doc, article)
    parts = []
    for start, end in pieces:

        def piece_progress(done: int, _total: int, start: int = start) -> None:
            if progress is not None:
                progress(start + done, len(text))

        # (the first piece keeps the blocks it holds: its headline is the article's)
        blocks = tuple(b for b in article.blocks if b.end <= end) if start == 0 else ()
        piece = Article(text=text[start:end], source=article.source, format=article.format, blocks=blocks)
        doc = parse(piece.text, progress=piece_progress, should_cancel=should_cancel)
        if should_cancel is not None and should_cancel():
            raise Cancelled()
        parts.append((start, analysis_from_doc(doc, piece)))
        del doc  # the piece's Doc and arrays go before the next piece is parsed
    return join_pieces(article, parts)


def analyze_text(text: str, **kwargs) -> Analysis:
    return analyze(Article(text=text, format="txt"), **kwargs)
