"""Properties of a member list import, over lists built at random: CSV in every Russian
encoding or XLSX, plausible and broken names, dates, phones and e-mails, blank and repeated
rows, people already known. Whatever the list, every row that is not blank ends created,
matched (updated, unchanged or skipped) or in error with a Russian message, the counts add
up, and nothing outside the list changes.

Each example runs in its own transaction (``hypothesis.extra.django.TestCase``); the
examples are derandomized so that the suite sees the same lists on every run."""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.accounts.factories import UserFactory
from tests.registry.factories import make_association
from tests.support.imports import run_import
from zemlyaki.people.models import Consent, Membership, Person, RowOutcome
from zemlyaki.people.selectors import forget_vocabulary

from .factories import csv_bytes, make_person, xlsx_bytes

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8-r", "cp866"]
LAST = [
    "Иванов",
    "Петрова-Водкина",
    "Ёлкина",
    "Щукин",
    "Эйдельман",
    "Юсупова",
    "Цой",
    "Фёдоров",
    "Жукова",
    "Ян",
]
FIRST = ["Иван", "Пётр", "Анна", "Юлия", "Эдуард", "Зоя", "Фёкла", "Ян", "Щедрослав", "Ольга"]
PATRONYMIC = ["Иванович", "Семёновна", "Хасанович", "Эдуардовна", "Ильич", ""]
WORK = [
    'ООО "Ёлки", Москва',
    '"Рога и копыта", ООО',
    "Д'Артаньян и К",
    "Школа 3",
    "ГКБ имени Пирогова",
    "",
    "Цех ЖБИ; участок 2",
    "'Лес'",
]
MATCHED = {RowOutcome.UPDATED, RowOutcome.UNCHANGED, RowOutcome.SKIPPED}
OUTCOMES = {RowOutcome.CREATED, RowOutcome.ERROR, *MATCHED}
# Known people whose names the random rows never use, so a row matches them only on purpose.
POOL = [
    ("Беляева", "Мария", "Петровна", datetime.date(1961, 4, 12), "+79001112233", "m.b@pool.ru"),
    ("Громов", "Олег", "", datetime.date(1990, 1, 31), "+79002223344", "gromov@pool.ru"),
]
LAYOUTS = {
    "full": ["ФИО", "Дата рождения", "Телефон", "Эл. почта", "Место работы"],
    "split": ["Фамилия", "Имя", "Отчество", "Дата рождения", "Моб. тел.", "E-mail", "Организация"],
}


@dataclass
class Row:
    values: dict[str, Any]  # last, first, patronymic, birth, phone, email, work
    kind: str  # blank, valid, invalid, known (a POOL person), repeat
    known: int | None = None

    def cells(self, layout: str) -> list[Any]:
        v = self.values
        tail = [v.get(k, "") for k in ("birth", "phone", "email", "work")]
        if layout == "split":
            return [v.get("last", ""), v.get("first", ""), v.get("patronymic", ""), *tail]
        full = " ".join(v[k] for k in ("last", "first", "patronymic") if v.get(k))
        return [full, *tail]


def _date_text(day: datetime.date, style: int) -> Any:
    return [
        day.strftime("%d.%m.%Y"),
        day.isoformat(),
        day.strftime("%d/%m/%y"),
        day.strftime("%d.%m.%Y").lstrip("0") + " г.",
        datetime.datetime(day.year, day.month, day.day),  # a date cell in XLSX
    ][style]


def _phone_text(digits: str, style: int) -> str:
    return [f"+7{digits}", f"8 ({digits[:3]}) {digits[3:6]}-{digits[6:]}", f"7{digits}"][style]


dates = st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2008, 12, 31))
bad_dates = st.sampled_from(["31.02.1980", "32.13.1999", "не помню", "1980/31/12", "01.01.2999"])
phones = st.builds(_phone_text, st.integers(9160000000, 9169999999).map(str), st.integers(0, 2))
bad_phones = st.sampled_from(["12345", "телефон", "+1 555 0100"])
emails = st.from_regex(r"[a-z]{1,8}\.[a-z]{1,8}@(mail\.ru|example\.org|ya\.ru)", fullmatch=True)
emails = emails.flatmap(lambda e: st.sampled_from([e, e.upper(), e.capitalize()]))
bad_emails = st.sampled_from(["ivan@", "почта", "a b@mail.ru"])


def _styled(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word, word.upper(), word.lower(), f" {word} "])


@st.composite
def new_row(draw: Any, xlsx: bool) -> Row:
    invalid = draw(st.sampled_from([None, None, None, "date", "phone", "email", "name"]))
    style = draw(st.integers(0, 4 if xlsx else 3))
    values = {
        "last": draw(st.sampled_from(LAST).flatmap(_styled)),
        "first": draw(st.sampled_from(FIRST).flatmap(_styled)),
        "patronymic": draw(st.sampled_from(PATRONYMIC)),
        "birth": draw(bad_dates if invalid == "date" else st.just("") | dates.map(lambda d: _date_text(d, style))),
        "phone": draw(bad_phones if invalid == "phone" else st.just("") | phones),
        "email": draw(bad_emails if invalid == "email" else st.just("") | emails),
        "work": draw(st.sampled_from(WORK)),
    }  # fmt: skip
    if invalid == "name":
        values["first"] = values["patronymic"] = ""
    return Row(values, "invalid" if invalid else "valid")


@st.composite
def known_row(draw: Any, xlsx: bool) -> Row:
    """A person of POOL, found by name and birth date, by phone or by e-mail."""
    index = draw(st.integers(0, len(POOL) - 1))
    last, first, patronymic, birth, phone, email = POOL[index]
    values = {
        "last": draw(st.sampled_from([last, last.upper(), last.replace("е", "ё", 1)])),
        "first": first,
        "patronymic": patronymic,
        "work": "Завод",
    }
    by = draw(st.sampled_from(["birth", "phone", "email"]))
    if by == "birth":
        values["birth"] = _date_text(birth, draw(st.integers(0, 4 if xlsx else 3)))
    elif by == "phone":
        values["phone"] = _phone_text(phone[2:], draw(st.integers(0, 2)))
    else:
        values["email"] = draw(st.sampled_from([email, email.upper()]))
    return Row(values, "known", known=index)


@st.composite
def member_lists(draw: Any) -> tuple[str, bytes, list[Row], str, int]:
    xlsx = draw(st.booleans())
    rows: list[Row] = []
    for _ in range(draw(st.integers(1, 12))):
        choice = draw(st.sampled_from(["valid", "valid", "known", "blank", "repeat"]))
        if choice == "blank":
            rows.append(Row({"last": draw(st.sampled_from(["", " "]))}, "blank"))
        elif choice == "repeat" and any(r.kind != "blank" for r in rows):
            earlier = draw(st.sampled_from([r for r in rows if r.kind != "blank"]))
            rows.append(Row(dict(earlier.values), "repeat"))
        elif choice == "known":
            rows.append(draw(known_row(xlsx)))
        else:
            rows.append(draw(new_row(xlsx)))
    layout = draw(st.sampled_from(sorted(LAYOUTS)))
    leading = draw(st.integers(0, 2))  # blank lines above the header
    width = len(LAYOUTS[layout])
    table = [[""] * width] * leading + [LAYOUTS[layout], *[r.cells(layout) for r in rows]]
    on_match = draw(st.sampled_from(["skip", "fill", "update"]))
    if xlsx:
        return "список.xlsx", xlsx_bytes(table), rows, on_match, leading
    encoding = draw(st.sampled_from(ENCODINGS))
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    content = csv_bytes(table, encoding=encoding, delimiter=delimiter)
    return "список.csv", content, rows, on_match, leading


def _csv_list(values: list[dict[str, Any]], delimiter: str) -> tuple[Any, ...]:
    """An explicit example: valid rows of new people as a Windows-1251 CSV."""
    rows = [Row(v, "valid") for v in values]
    table = [LAYOUTS["full"], *[r.cells("full") for r in rows]]
    return "список.csv", csv_bytes(table, "cp1251", delimiter), rows, "fill", 0


# Found by this property: csv.Sniffer took a semicolon or tab list for a comma one when a
# cell began with a quote and held a comma, and read ``"Рога и копыта", ООО`` as
# ``"Рога и копыта"", ООО"`` (no doubled quotes) where it kept the delimiter.
SNIFFED_WRONG = [
    {"last": "Иванов", "first": "Иван", "work": '"Рога и копыта", ООО'},
    {"last": "Петров", "first": "Пётр", "work": '"x" y, "z"'},
]


def _russian(message: str) -> bool:
    """A sentence in Russian; what the file said is quoted «…» and may be in any language."""
    bare = re.sub(r"«[^»]*»", "", message)
    return bool(re.search(r"[а-яё]{3}", bare)) and not re.search(r"[A-Za-z]{3}", bare)


def _snapshot() -> dict[str, Any]:
    return {
        "persons": sorted(
            Person.objects.values_list(
                "pk", "last_name", "first_name", "patronymic", "birth_date", "phone", "email",
                "workplace", "match_name",
            )
        ),
        "memberships": sorted(
            Membership.objects.values_list("person_id", "association_id", "role", "since")
        ),
        "consents": sorted(Consent.objects.values_list("pk", "person_id")),
    }  # fmt: skip


class ImportProperties(TestCase):
    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(member_lists())
    @example(_csv_list(SNIFFED_WRONG[:1], ";"))
    @example(_csv_list(SNIFFED_WRONG, ";"))
    @example(_csv_list(SNIFFED_WRONG, "\t"))
    def test_every_row_ends_somewhere_and_nothing_else_changes(self, built):
        file_name, content, rows, on_match, leading = built
        forget_vocabulary()  # the vocabulary cache must not outlive the example's transaction
        actor = UserFactory(role="coordinator", username="coord")
        tambov = make_association("Тамбовское землячество", ["68"])
        ryazan = make_association("Рязанское землячество", ["62"])
        pool = [
            make_person(last, first, patronymic, birth_date=birth.isoformat(), phone=p, email=e)
            for last, first, patronymic, birth, p, e in POOL
        ]
        Membership.objects.create(person=pool[0], association=ryazan)
        Membership.objects.create(person=pool[1], association=tambov)
        bystander = make_person("Неупомянутый", "Никто", "", association=ryazan)
        before = _snapshot()

        done = run_import(actor, tambov, file_name, content, on_match=on_match)

        outcomes = {r.number: r for r in done.rows.all()}
        expected = {n + 2 + leading: r for n, r in enumerate(rows) if r.kind != "blank"}
        assert sorted(outcomes) == sorted(expected)
        counted = dict.fromkeys(OUTCOMES, 0)
        for number, row in outcomes.items():
            source = expected[number]
            assert row.outcome in OUTCOMES, (number, row.outcome)
            counted[row.outcome] += 1
            if row.outcome == RowOutcome.ERROR:
                assert row.messages and all(_russian(m) for m in row.messages), row.messages
            else:
                assert row.messages == [] and row.person_id is not None
            if source.kind in ("invalid", "repeat"):
                assert row.outcome == RowOutcome.ERROR, (number, source.values)
            elif row.outcome == RowOutcome.ERROR:  # a valid row only repeats an earlier one
                assert [m.startswith("Повтор строки") for m in row.messages] == [True]
            elif source.kind == "known":
                assert row.outcome in MATCHED and row.person_id == pool[source.known].pk
            else:
                assert row.outcome == RowOutcome.CREATED, (number, source.values)
                person = Person.objects.get(pk=row.person_id)
                assert [person.last_name.lower(), person.first_name.lower(), person.workplace] == [
                    " ".join(source.values[k].split()).lower() for k in ("last", "first")
                ] + [" ".join(source.values["work"].split())], source.values
        assert (done.created, done.updated, done.errors) == (
            counted[RowOutcome.CREATED],
            counted[RowOutcome.UPDATED],
            counted[RowOutcome.ERROR],
        )
        assert done.matched == sum(counted[o] for o in MATCHED)
        assert done.total == len(expected) == done.created + done.matched + done.errors

        after = _snapshot()
        touched = {r.person_id for r in outcomes.values() if r.person_id}
        created = {r.person_id for r in outcomes.values() if r.outcome == RowOutcome.CREATED}
        assert len(after["persons"]) == len(before["persons"]) + len(created)
        untouched = [p for p in before["persons"] if p[0] not in touched]
        assert [p for p in after["persons"] if p[0] not in touched] == untouched
        assert bystander.pk not in touched
        if on_match == "skip":
            assert [p for p in after["persons"] if p[0] not in created] == before["persons"]
        assert [m for m in after["memberships"] if m[1] != tambov.pk] == [
            m for m in before["memberships"] if m[1] != tambov.pk
        ]
        members = {m[0] for m in after["memberships"] if m[1] == tambov.pk}
        assert members == touched | {pool[1].pk}
        new_consents = set(after["consents"]) - set(before["consents"])
        assert sorted(person for _pk, person in new_consents) == sorted(created)

        # The same file again: nobody is created, every row ends as it did or as matched.
        again = run_import(actor, tambov, file_name, content, on_match=on_match)
        second = {r.number: r for r in again.rows.all()}
        assert sorted(second) == sorted(outcomes)
        for number, row in second.items():
            first = outcomes[number]
            if first.outcome == RowOutcome.ERROR:
                assert (row.outcome, row.messages) == (RowOutcome.ERROR, first.messages)
            else:
                assert row.outcome in MATCHED and row.person_id == first.person_id, number
        assert (again.created, again.errors) == (0, done.errors)
        if on_match != "update":  # two rows for one person may disagree: the last one wins
            assert _snapshot()["persons"] == after["persons"]
