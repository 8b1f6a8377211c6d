"""Our spaCy pipeline components, registered with ``@Language.component``.

``add_to(nlp)`` puts them into a loaded pipeline (after the entity recognizer).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("reader_entity_fixes")
def entity_fixes(doc: Doc) -> Doc:
    """Corrects common entity errors of the small model with general rules."""
    from reader.nlp.entities import fix_entities

    return fix_entities(doc)


def add_to(nlp: Language) -> None:
    if "reader_entity_fixes" not in nlp.pipe_names:
        nlp.add_pipe("reader_entity_fixes", after="ner")
