"""What an item of a plan says in words: the working body it names and a deadline inside
its text («не позднее 1 октября»). Pure functions: no database.

Bodies are found by the lemmas of their words, so every grammatical case matches:
«рабочая группа», «рабочей группе», «рабочую группу» are the same body.
"""

import datetime
import functools
import re
from dataclasses import dataclass

from zemlyaki.core.text import lemma
from zemlyaki.governance.models import BodyKind

# The phrases that name a body of each kind; longer phrases first where they overlap.
BODY_PHRASES: tuple[tuple[str, str], ...] = (
    (BodyKind.EXPERT_COUNCIL, "расширенный экспертный совет"),
    (BodyKind.EXPERT_COUNCIL, "экспертный совет"),
    (BodyKind.WORKING_GROUP, "рабочая группа"),
    (BodyKind.EDITORIAL_GROUP, "редакционная группа"),
    (BodyKind.ORGANISING_COMMITTEE, "организационный комитет"),
    (BodyKind.ORGANISING_COMMITTEE, "оргкомитет"),
)

MONTHS = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip

_WORD_RE = re.compile(r"[А-Яа-яЁё]+")
_LEAD = r"(?<![А-Яа-яЁё])(?P<lead>не\s+позднее|не\s+позже|до|к)\s+"
_INNER_WORDS_RE = re.compile(
    _LEAD + r"(?P<day>\d{1,2})\s+(?P<month>[А-Яа-яЁё]+)"
    r"(?:\s+(?P<year>\d{4})(?:\s*(?:года|год|г\.))?)?",
    re.IGNORECASE,
)
_INNER_DIGITS_RE = re.compile(
    _LEAD + r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})(?:\.(?P<year>\d{4}))?(?!\d)", re.IGNORECASE
)


@dataclass(frozen=True)
class Mention:
    kind: str
    text: str  # the words as written
    start: int


@dataclass(frozen=True)
class InnerDeadline:
    text: str
    day: int
    month: int
    year: int | None

    def date(self, default_year: int | None) -> datetime.date | None:
        """The date in ``year`` (or ``default_year``); None if there is no year or no such day."""
        year = self.year or default_year
        if year is None:
            return None
        try:
            return datetime.date(year, self.month, self.day)
        except ValueError:
            return None


@functools.cache
def _phrases() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((kind, tuple(lemma(w) for w in phrase.split())) for kind, phrase in BODY_PHRASES)


def body_mentions(text: str) -> list[Mention]:
    """The bodies named in ``text``, in the order they appear, one mention per place."""
    tokens = [(m, lemma(m.group())) for m in _WORD_RE.finditer(text)]
    found: list[Mention] = []
    index = 0
    while index < len(tokens):
        for kind, phrase in _phrases():
            size = len(phrase)
            if tuple(t[1] for t in tokens[index : index + size]) == phrase:
                first, last = tokens[index][0], tokens[index + size - 1][0]
                found.append(Mention(kind, text[first.start() : last.end()], first.start()))
                index += size
                break
        else:
            index += 1
    return found


def inner_deadline(text: str) -> InnerDeadline | None:
    """The first deadline written inside the text: «не позднее 1 октября», «до 15.09»."""
    candidates: list[tuple[int, InnerDeadline]] = []
    for match in _INNER_WORDS_RE.finditer(text):
        month_lemma = lemma(match.group("month"))
        if month_lemma in MONTHS:
            year = match.group("year")
            found = InnerDeadline(
                re.sub(r"\s+", " ", match.group()).strip(),
                int(match.group("day")),
                MONTHS.index(month_lemma) + 1,
                int(year) if year else None,
            )
            candidates.append((match.start(), found))
            break
    for match in _INNER_DIGITS_RE.finditer(text):
        month = int(match.group("month"))
        if 1 <= month <= 12:
            year = match.group("year")
            found = InnerDeadline(
                match.group().strip(), int(match.group("day")), month, int(year) if year else None
            )
            candidates.append((match.start(), found))
            break
    return min(candidates, key=lambda c: c[0])[1] if candidates else None
