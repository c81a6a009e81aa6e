"""The natasha pipeline, loaded once per process on first use (never at import time).

Only natasha's segmenter and its neural taggers are used. Word forms and lemmas come from
the platform's one analyser, :func:`zemlyaki.core.text.morph` (pymorphy3): natasha's
``MorphVocab`` is not built, since it needs pymorphy2 and its dictionaries, which it finds
through the process-wide ``PYMORPHY2_DICT_PATH`` — a variable pymorphy3 reads too, and
would then load dictionaries of the wrong format.
"""

import functools
from typing import Any


@functools.cache
def pipeline() -> Any:
    """Segmenter, morphology tagger and NER tagger of natasha."""
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    embedding = NewsEmbedding()
    return _Pipeline(
        segmenter=Segmenter(),
        morph_tagger=NewsMorphTagger(embedding),
        ner_tagger=NewsNERTagger(embedding),
    )


class _Pipeline:
    def __init__(self, **parts: Any) -> None:
        self.segmenter = parts["segmenter"]
        self.morph_tagger = parts["morph_tagger"]
        self.ner_tagger = parts["ner_tagger"]

    def doc(self, text: str) -> Any:
        """Segmentation, morphology and named entities: the bare natasha pipeline."""
        from natasha import Doc

        doc = Doc(text)
        doc.segment(self.segmenter)
        doc.tag_morph(self.morph_tagger)
        doc.tag_ner(self.ner_tagger)
        return doc
