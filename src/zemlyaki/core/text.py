"""Russian text utilities: case folding, lemmas and a stored search column.

SQLite folds only ASCII case and has no Russian stemmer, so search goes through a
stored column of case-folded lemmas (``search_text``) built in Python: the same
words match on SQLite and PostgreSQL.
"""

import functools
import re
from typing import Any

from django.db.models import Q

_WORD_RE = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+(?:-[0-9A-Za-zА-Яа-яЁё]+)*")


def fold(text: str) -> str:
    """Case-fold and treat «ё» as «е»."""
    return text.casefold().replace("ё", "е")


@functools.cache
def morph() -> Any:
    """The one morphological analyser of the platform: pymorphy3 with its own Russian
    dictionaries, given by path so that no environment variable (``PYMORPHY2_DICT_PATH``
    of older libraries) can swap in dictionaries of another format."""
    import pymorphy3
    import pymorphy3_dicts_ru

    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")


@functools.lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of one word, folded; non-Cyrillic words are only folded."""
    word = fold(word)
    if not re.search("[а-я]", word):
        return word
    parses = morph().parse(word)
    return fold(parses[0].normal_form) if parses else word


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text or "")


def lemmas(text: str) -> list[str]:
    return [lemma(w) for w in words(text)]


def search_document(*parts: str | None) -> str:
    """A space-delimited string of folded words and their lemmas, for ``search_text``."""
    seen = dict.fromkeys(word for part in parts if part for word in document_words(part))
    return " " + " ".join(seen) + " " if seen else ""


@functools.lru_cache(maxsize=65536)
def document_words(part: str) -> tuple[str, ...]:
    """The words ``search_document`` takes from one part, in order, without repeats: an
    import's names, occupations and terms repeat from person to person."""
    seen: dict[str, None] = {}
    for word in words(part):
        seen.setdefault(fold(word), None)
        seen.setdefault(lemma(word), None)
    return tuple(seen)


def search_q(query: str, field: str = "search_text") -> Q:
    """A filter matching every word of the query by its lemma, or as a prefix of a word."""
    condition = Q()
    for word in words(query):
        folded = fold(word)
        base = lemma(word)
        alternatives = Q(**{f"{field}__contains": f" {base}"})
        if folded != base:
            alternatives |= Q(**{f"{field}__contains": f" {folded}"})
        condition &= alternatives
    return condition


def query_terms(query: str) -> list[str]:
    return [lemma(w) for w in words(query)]


_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip


def slugify_ru(text: str, max_length: int = 80) -> str:
    """A Latin slug from Russian text (transliteration as in passports, ICAO)."""
    from django.utils.text import slugify

    latin = "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())
    return slugify(latin)[:max_length].strip("-")
