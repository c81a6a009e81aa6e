"""«Ё» where a word needs it: the word forms of the platform's vocabulary that are written
with «е» only by mistake («отчет» → «отчёт», «еще» → «ещё», «краев» → «краёв»).

The list is small and explicit on purpose. A form that is also another word written with
«е» stays out of it: «все» (всё), «счета» (plural of счёт), «краем», «берет», «нем», the
short forms «утверждена», «проведено» and «приемлемый» (not a form of «приём»).
"""

import re

# Whole words.
_WORDS = [
    "её",
    "неё",
    "ещё",
    "краёв",
    "трёх",
    "четырёх",
    "идёт",
    "ведёт",
    "даёт",
    "создаёт",
    "передаёт",
    "придёт",
    "пройдёт",
    "найдёт",
    "начнёт",
    "ждёт",
]
# Nouns: every case of both numbers has «ё» (отчёт, отчёта … отчётах).
_NOUNS = ["отчёт", "самоотчёт", "расчёт", "учёт", "объём", "приём"]
_NOUN_ENDINGS = ["", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"]
# Adjectives and full participles (a stem ending in «н»): отчётный, утверждённая …
_ADJECTIVES = [
    "отчётн",
    "подотчётн",
    "учётн",
    "почётн",
    "зелён",
    "населённ",
    "утверждённ",
    "проведённ",
    "определённ",
    "включённ",
    "удалённ",
    "сохранённ",
    "изменённ",
    "подтверждённ",
    "отклонённ",
    "завершённ",
    "приглашённ",
    "обновлённ",
    "объединённ",
    "привлечённ",
    "введённ",
    "решённ",
    "учтённ",
]
_ADJECTIVE_ENDINGS = [
    "ый",
    "ого",
    "ому",
    "ым",
    "ом",
    "ая",
    "ой",
    "ую",
    "ое",
    "ые",
    "ых",
    "ыми",
    "ость",
    "ости",
    "остью",
]


def _forms() -> dict[str, str]:
    forms = {word: word for word in _WORDS}
    forms.update({noun + end: noun + end for noun in _NOUNS for end in _NOUN_ENDINGS})
    for stem in _ADJECTIVES:
        forms.update({stem + end: stem + end for end in _ADJECTIVE_ENDINGS})
        if stem.endswith("ённ"):  # the short masculine participle: утверждён
            forms[stem[:-1]] = stem[:-1]
    return {form.replace("ё", "е"): form for form in forms}


YO = _forms()


def trie(words: list[str]) -> str:
    """One alternation shared by common prefixes (отч(?:ет(?:а|у…)…)): the engine tries a
    letter once instead of once per word."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [letter + pattern(child) for letter, child in sorted(node.items()) if letter]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else f"(?:{'|'.join(branches)})"
        return body + "?" if ends else body

    return pattern(tree)


def cased(words: list[str]) -> list[str]:
    """The words as written in a sentence and at its start: «отчет», «Отчет». (Spelling the
    capitals out is several times faster than ``re.IGNORECASE`` over Cyrillic.)"""
    return sorted({form for word in words for form in (word, word.capitalize())})


_LETTER = "А-Яа-яЁё"
YO_RE = re.compile(rf"(?<![{_LETTER}-])(?:{trie(cased(list(YO)))})(?![{_LETTER}-])")


def _restore(match: re.Match[str]) -> str:
    word = match[0]
    right = YO[word.lower()]
    return "".join(
        ("Ё" if letter == "Е" else "ё") if target == "ё" else letter
        for letter, target in zip(word, right, strict=True)
    )


def restore_yo(text: str) -> str:
    """«Отчеты за еще один год» → «Отчёты за ещё один год» (the case is kept; a word in
    capitals is left as it is)."""
    return YO_RE.sub(_restore, text)
