"""The natasha pipeline, loaded once per process on first use (never at import time)."""

import functools
import os
from typing import Any


@functools.cache
def pipeline() -> Any:
    """Segmenter, morphology tagger, NER tagger and morphology vocabulary of natasha."""
    if "PYMORPHY2_DICT_PATH" not in os.environ:
        import pymorphy2_dicts_ru

        os.environ["PYMORPHY2_DICT_PATH"] = pymorphy2_dicts_ru.get_path()
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    embedding = NewsEmbedding()
    return _Pipeline(
        segmenter=Segmenter(),
        morph_tagger=NewsMorphTagger(embedding),
        ner_tagger=NewsNERTagger(embedding),
        morph_vocab=MorphVocab(),
    )


class _Pipeline:
    def __init__(self, **parts: Any) -> None:
        self.segmenter = parts["segmenter"]
        self.morph_tagger = parts["morph_tagger"]
        self.ner_tagger = parts["ner_tagger"]
        self.morph_vocab = parts["morph_vocab"]

    def doc(self, text: str) -> Any:
        """Segmentation, morphology and named entities: the bare natasha pipeline."""
        from natasha import Doc

        doc = Doc(text)
        doc.segment(self.segmenter)
        doc.tag_morph(self.morph_tagger)
        doc.tag_ner(self.ner_tagger)
        return doc
