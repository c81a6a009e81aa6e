"""Dates and figures of a report's text, with no database access.

A figure is a number with what it counts («12 мероприятий», «350 тыс. рублей», «с 382 до
452 человек»). Numbers that only look like figures are left out: years («в 1996-м году»),
dates written with digits, times, phone numbers, postal codes, registration numbers
(ИНН, ОГРН, КПП…), house numbers of an address, numbers of documents and laws.
"""

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from zemlyaki.core.text import lemma, morph

_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+(?:-[0-9A-Za-zА-Яа-яЁё]+)*")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@dataclass
class Item:
    kind: str  # entity | date | number | activity | outcome
    category: str
    value: str
    start: int
    end: int
    quote: str
    sentence_start: int
    matched: str = ""
    direction: str = ""
    number: Decimal | None = None
    number_from: Decimal | None = None


@functools.lru_cache(maxsize=50_000)
def is_adjective(word: str) -> bool:
    parses = morph().parse(word)
    return bool(parses) and parses[0].tag.POS in ("ADJF", "PRTF", "NUMR", "ADJS")


# ---------------------------------------------------------------- dates

_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7,
    "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
_MONTH_RE = r"(январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]|октябр[ья]|ноябр[ья]|декабр[ья]|январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре)"  # noqa: E501
_YEAR = r"(19[5-9]\d|20[0-4]\d)"
_DASH = r"\s*[-–—]\s*"
# Endings of a year written with digits: «1996-й», «1996-го», «в 1996-м», «к 1996-му».
_YEAR_ENDING = r"[-–](?:й|го|м|му|ом|ый|ого|ому)\b"
_DECADE_ENDING = r"[-–](?:е|х|ые|ых|м)\b"
_DATE_PATTERNS = [
    ("date", re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")),
    ("date", re.compile(r"\b(\d{1,2})\s+" + _MONTH_RE + r"\s+" + _YEAR + r"\b", re.I)),
    ("period", re.compile(r"\b[сС]\s+" + _YEAR + r"\s+(?:по|до)\s+" + _YEAR + r"\b")),
    ("period", re.compile(r"\b" + _YEAR + _DASH + _YEAR + r"\b")),
    ("decade", re.compile(r"\b(19[5-9]0|20[0-4]0)" + _DECADE_ENDING + r"(?=\s*(?:год|$|[^\w]))")),
    ("month", re.compile(r"\b" + _MONTH_RE + r"\s+" + _YEAR + r"\b", re.I)),
    ("year", re.compile(r"\b" + _YEAR + _YEAR_ENDING)),
    ("year", re.compile(r"\b" + _YEAR + r"\s*(?=год|г\.|гг\.)")),
]


def _month_number(word: str) -> int:
    word = word.lower()
    for stem, number in _MONTHS.items():
        if word.startswith(stem) and (stem != "ма" or word[:3] in ("май", "мая", "мае")):
            return number
    return 0


def dates(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, value, start, end) of every date («date») and period («period») in the text."""
    found: list[tuple[str, str, int, int]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            groups = match.groups()
            if kind == "date" and groups[1].isdigit():
                day, month, year = int(groups[0]), int(groups[1]), int(groups[2])
            elif kind == "date":
                day, month, year = int(groups[0]), _month_number(groups[1]), int(groups[2])
            if kind == "date":
                if not (1 <= day <= 31 and 1 <= month <= 12 and 1950 <= year <= 2049):
                    continue
                value = f"{day:02d}.{month:02d}.{year}"
            elif kind == "period":
                value = f"{groups[0]}–{groups[1]}"
            elif kind == "decade":
                value = f"{groups[0]}–{int(groups[0]) + 9}"
            elif kind == "month":
                value = f"{_month_number(groups[0]):02d}.{groups[1]}"
            else:
                value = groups[0]
            taken.append((start, end))
            found.append(("period" if kind in ("period", "decade") else "date", value, start, end))
    return sorted(found, key=lambda d: d[2])


# ---------------------------------------------------------------- what is not a figure

_SEP = r"[\s\u00a0]*[-–]?[\s\u00a0]*"
_NOT_FIGURES = [
    # Dates and times written with digits, whatever the year: 22.06.1941, 12.05.19, 18:30.
    re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"),
    re.compile(r"\b\d{1,2}:\d{2}\b"),
    # A day of a month without the year: «15 февраля», «к 9 Мая».
    re.compile(r"\b\d{1,2}\s+" + _MONTH_RE + r"\b", re.I),
    # Numbers of headings and list items: «2. Численность», «3) Помощь».
    re.compile(r"^[ \t]*\d{1,2}(?:\.\d{1,2})*[.)][ \t]", re.M),
    # Phone numbers: +7 495 123-45-67, 8 (495) 123-45-67, (495) 123 45 67, 123-45-67.
    re.compile(
        r"(?:\+\s*7|\b8)" + _SEP + r"\(?\d{3,5}\)?" + _SEP + r"\d{1,3}" + _SEP + r"\d{2}"
        r"" + _SEP + r"\d{2}\b"
    ),
    re.compile(r"\(\d{3,5}\)" + _SEP + r"\d{1,3}" + _SEP + r"\d{2}" + _SEP + r"\d{2}\b"),
    re.compile(r"\b\d{3}-\d{2}-\d{2}\b"),
    # Registration numbers and bank details after their names.
    re.compile(
        r"\b(?:ИНН|ОГРН|ОГРНИП|КПП|БИК|ОКПО|ОКАТО|ОКТМО|ОКВЭД|СНИЛС|р/с|к/с|л/с|рас\.?\s*сч[её]т|"
        r"кор\.?\s*сч[её]т)[\s\u00a0:№.]*[\d\s\u00a0./-]*\d",
        re.I,
    ),
    # Postal codes: «119019, г. Москва», «индекс 119019».
    re.compile(r"\b[1-6]\d{5}(?=\s*,)"),
    re.compile(r"(?:индекс|index)[\s\u00a0:]*\d{6}\b", re.I),
    # An address: house, building, flat, office numbers.
    re.compile(
        r"(?<![А-Яа-яЁё])(?:д|дом|стр|строение|корп|корпус|кв|квартира|оф|офис|пом|помещение|"
        r"комн|комната|каб|кабинет|под|подъезд|эт|этаж|лит|литер|вл|владение|влад)"
        r"\.?[\s\u00a0]*\d+[А-Яа-яA-Za-z]?(?:/\d+)?\b",
        re.I,
    ),
    re.compile(
        r"(?<![А-Яа-яЁё])(?:ул|улица|пр|пр-т|просп|проспект|пер|переулок|ш|шоссе|наб|набережная|"
        r"пл|площадь|б-р|бульвар|пр-д|проезд|мкр|микрорайон|тупик)\.?[\s\u00a0]+"
        r"[^,.;\n]{1,40},[\s\u00a0]*\d+[А-Яа-яA-Za-z]?(?:/\d+)?\b",
        re.I,
    ),
    # Numbers of documents and laws: «№ 12», «протокол № 3/2019», «82-ФЗ», «ст. 12».
    re.compile(r"(?:№|N(?=\s*\d))[\s\u00a0]*\d[\d/\-]*"),
    re.compile(r"\b\d+[\s\u00a0]*-[\s\u00a0]*ФЗ\b"),
    re.compile(r"(?<![А-Яа-яЁё])(?:ст|статья|статьи|п|пункт|ч|часть|гл|глава)\.?[\s\u00a0]*\d+\b"),
]


def non_figure_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the text whose numbers are not figures (see the module's docstring)."""
    spans: list[tuple[int, int]] = []
    for pattern in _NOT_FIGURES:
        spans.extend(m.span() for m in pattern.finditer(text))
    return spans


# ---------------------------------------------------------------- figures

_NUMBER_RE = re.compile(
    r"(?<![\d.,:/A-Za-zА-Яа-яЁё№-])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+(?:[.,]\d+)?)"
    r"(?![\d]|[-–]?[A-Za-zА-Яа-яЁё])"
    r"(?:\s*(тыс\.|тысяч[а-я]*|млн\.?|миллион[а-я]*|млрд\.?|миллиард[а-я]*))?"
)
_MULTIPLIERS = {"тыс": 1000, "млн": 1_000_000, "мил": 1_000_000, "млр": 10**9}
MONEY = {"рубль", "руб", "р"}
MEMBERS = {"член", "земляк"}
PARTICIPANTS = {"участник", "гость", "зритель", "посетитель", "слушатель", "делегат"}
EVENTS = {
    "мероприятие", "акция", "встреча", "вечер", "концерт", "фестиваль", "выставка",
    "конференция", "экскурсия", "турнир", "соревнование", "праздник", "собрание", "семинар",
    "лекция", "поездка", "форум", "круглый", "заседание", "спектакль",
}  # fmt: skip
_MEMBER_CONTEXT = {"численность", "состоять", "насчитывать", "членство", "вступить", "ряды"}
_PARTICIPANT_CONTEXT = {
    "участие", "участвовать", "посетить", "присутствовать", "собрать", "прийти",
} | PARTICIPANTS  # fmt: skip
_SKIP_WORDS = {"более", "менее", "около", "свыше", "почти", "порядка", "чем", "из"}
_ALL_COUNTED = MONEY | MEMBERS | PARTICIPANTS | EVENTS | {"человек"}
_CHANGE_RE = re.compile(
    r"(?<![А-Яа-яЁё])[сС]о?\s+(\d[\d \u00a0]*?\d|\d)\s+до\s+(\d[\d \u00a0]*?\d|\d)\b"
)


def _parse_number(digits: str, multiplier: str | None) -> Decimal:
    value = Decimal(re.sub(r"[ \u00a0]", "", digits).replace(",", "."))
    if multiplier:
        value *= _MULTIPLIERS.get(multiplier.lower()[:3], 1)
    return value


def _counted(after: str) -> tuple[str, str]:
    """The noun a number counts (its lemma) and the text of it, from the words after it."""
    if after.lstrip().startswith("%"):
        return "процент", "%"
    for word in words(after)[:3]:
        lem = lemma(word)
        if lem in _SKIP_WORDS:
            continue
        if lem in MONEY or word.lower() in ("руб", "р"):
            return "рубль", word
        if is_adjective(word.lower()) and lem not in EVENTS:
            continue
        return lem, word
    return "", ""


def _category(counted: str, sentence_lemmas: set[str], change: bool) -> str:
    if counted == "рубль":
        return "money"
    if counted in MEMBERS:
        return "members" if counted == "член" or sentence_lemmas & _MEMBER_CONTEXT else "other"
    if counted in PARTICIPANTS:
        return "participants"
    if counted in EVENTS:
        return "events"
    if counted == "человек":
        if sentence_lemmas & _MEMBER_CONTEXT:
            return "members"
        # «выросло с 382 до 452 человек»: a change of how many people there are is the
        # association's membership, unless the sentence speaks of participants.
        if change and not sentence_lemmas & _PARTICIPANT_CONTEXT:
            return "members"
        return "participants"
    return "other"


def numbers(
    quote: str, offset: int, lemma_set: set[str], skipped: list[tuple[int, int]]
) -> list[Item]:
    """Figures of one sentence (``quote`` starting at ``offset`` in the text); numbers in
    the ``skipped`` spans of the text (dates, phones, addresses…) are left out."""
    items: list[Item] = []
    changes = {}
    for match in _CHANGE_RE.finditer(quote):
        changes[match.start(2)] = Decimal(re.sub(r"\D", "", match.group(1)))
    for match in _NUMBER_RE.finditer(quote):
        start, end = match.start() + offset, match.end() + offset
        if any(s <= start < e for s, e in skipped):
            continue
        digits, multiplier = match.group(1), match.group(2)
        value = _parse_number(digits, multiplier)
        counted, counted_text = _counted(quote[match.end() : match.end() + 40])
        if not counted or counted in ("год", "г"):
            continue
        if not multiplier and counted not in _ALL_COUNTED:
            if 1900 <= value <= 2099:
                continue  # a year without «год»
            if re.fullmatch(r"\d{5,}", digits):
                continue  # a code or a registration number, not a count
        number_from = changes.get(match.start())
        category = _category(counted, lemma_set, number_from is not None)
        matched = quote[match.start() : match.end()]
        if counted_text:
            tail = quote.find(counted_text, match.end())
            if tail >= 0:
                matched = quote[match.start() : tail + len(counted_text)]
        if number_from is not None:
            frm = re.search(r"(?<![А-Яа-яЁё])[сС]о?\s+[\d \u00a0]+до\s+$", quote[: match.start()])
            if frm:
                matched = quote[frm.start() : match.start()] + matched
        items.append(
            Item(
                "number", category, counted, start, end, quote, offset, matched,
                number=value, number_from=number_from,
            )
        )  # fmt: skip
    # The "from" number of a change is not a separate count.
    froms = {m.start(1) + offset for m in _CHANGE_RE.finditer(quote)}
    return [i for i in items if i.start not in froms]
