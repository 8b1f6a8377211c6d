"""Our spaCy pipeline components, registered with ``@Language.component``.

``add_to(nlp)`` puts them into a loaded pipeline: paragraph starts before the parser, entity
fixes after the entity recognizer.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("reader_entity_fixes")
def entity_fixes(doc: Doc) -> Doc:
    """Corrects common entity errors of the small model with general rules."""
    from reader.nlp.entities import fix_entities

    return fix_entities(doc)


@Language.component("reader_paragraph_starts")
def paragraph_starts(doc: Doc) -> Doc:
    """A blank line ends a sentence: the parser, which keeps sentence starts set before it, would
    otherwise run a headline without a full stop into the paragraph under it ("... over subsidies
    \n\n“Parasite” director Bong Joon Ho said ...", read as one sentence)."""
    from spacy.attrs import IS_SPACE

    spaces = doc.to_array([IS_SPACE]).nonzero()[0]  # the few whitespace tokens, not every token
    for i in spaces.tolist():
        if i + 1 < len(doc) and doc[i].text.count("\n") >= 2 and not doc[i + 1].is_space:
            doc[i + 1].is_sent_start = True
    return doc


def add_to(nlp: Language) -> None:
    if "reader_paragraph_starts" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("reader_paragraph_starts", before="parser")
    if "reader_entity_fixes" not in nlp.pipe_names:
        nlp.add_pipe("reader_entity_fixes", after="ner")
