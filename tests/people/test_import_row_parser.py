"""The row parser of an import (``reading.row_parser``) gives, for any mapping and any
cells, the data and errors of the parser it replaced: one dict of every field then a
step per field (kept below as ``_reference``), over names, dates, phones, e-mails, lists
and roles in their usual and broken forms, cells of every type the readers give, and
rows shorter than the mapping."""

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from hypothesis import example, given, settings
from hypothesis import strategies as st

from zemlyaki.core.text import fold
from zemlyaki.people.importing.reading import FIELDS, _role, _text, row_parser
from zemlyaki.people.normalize import (
    clean_name,
    normalize_email,
    normalize_phone,
    parse_date,
    split_full_name,
    split_list,
)


def _old_split_full_name(value: Any) -> tuple[str, str, str]:
    words = clean_name(value).replace(",", " ").split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return words[0], "", ""
    return words[0], words[1], " ".join(words[2:])


def _reference(raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The parser before ``row_parser`` chose its steps once per file."""
    data: dict[str, Any] = {}
    errors: list[str] = []
    if "full_name" in raw:
        last, first, patronymic = _old_split_full_name(_text(raw["full_name"]))
        data.update(last_name=last, first_name=first, patronymic=patronymic)
    for key in ("last_name", "first_name", "patronymic"):
        if key in raw and _text(raw[key]):
            data[key] = _text(raw[key])[:100]
    for key in ("last_name", "first_name", "patronymic"):
        data.setdefault(key, "")
        data[key] = data[key][:100]
    if not data["last_name"] and not data["first_name"]:
        errors.append("Не указаны фамилия и имя.")
    elif not data["first_name"]:
        errors.append("Не указано имя.")
    for key in ("birth_date", "since"):
        if key in raw:
            try:
                value = parse_date(raw[key])
                data[key] = value.isoformat() if value else None
            except ValidationError as exc:
                label = "Дата рождения" if key == "birth_date" else "Дата вступления"
                errors.append(f"{label}: {exc.messages[0]}")
    if "phone" in raw:
        try:
            data["phone"] = normalize_phone(raw["phone"])
        except ValidationError as exc:
            errors.append(exc.messages[0])
    if "email" in raw:
        try:
            data["email"] = normalize_email(raw["email"])
        except ValidationError as exc:
            errors.append(exc.messages[0])
    for key, limit in (
        ("occupation", 200),
        ("workplace", 300),
        ("home_place", 200),
        ("moscow_district", 100),
    ):
        if key in raw:
            data[key] = _text(raw[key])[:limit]
    for key in ("competencies", "interests"):
        if key in raw:
            data[key] = split_list(_text(raw[key]) if not isinstance(raw[key], str) else raw[key])
    if "role" in raw:
        data["role"] = _role(_text(raw["role"]))
    return data, errors


def _old(mapping: dict[str, str], cells: list[Any]) -> tuple[dict[str, Any], list[str]]:
    columns = [(field, int(index)) for index, field in mapping.items() if field]
    return _reference({f: cells[i] if i < len(cells) else None for f, i in columns})


WORDS = ["Иванов", "Пётр", "Анна-Мария", "Гусейн", "оглы", "Ёлкина", "Ivanov", "О'Нил"]
SPACE = st.sampled_from([" ", "  ", "\t", "\u00a0", ", ", ",", "\n"])
NAME = st.lists(st.sampled_from(WORDS), max_size=5).flatmap(
    lambda words: st.tuples(*(st.tuples(SPACE, st.just(w)) for w in words)).map(
        lambda parts: "".join(s + w for s, w in parts)
    )
)
DATE_TEXT = st.sampled_from(
    ["31.12.1980", "1980-12-31", "31/12/80", "5.1.2001 г.", "31.02.1999", "01.01.2200",
     "45000", "завтра", "", "1899-01-01", "12 03 1975"]
)  # fmt: skip
PHONE = st.sampled_from(
    [
        "8 (916) 123-45-67",
        "+7 916 123 45 67",
        "9161234567",
        "12345",
        "",
        "79161234567",
        "0161234567",
    ]
)
EMAIL = st.sampled_from(["Ivan@Example.org", " anna@mail.ru ", "не почта", "", "a@b", "x@xn--p1ai"])
LIST = st.sampled_from(["Право; Экономика, IT", "право,ПРАВО", " ; ", "Хирургия.\nАудит", ""])
ROLE = st.sampled_from(["Председатель совета", "зам. председателя", "секретарь", "член", ""])
CELL = st.one_of(
    st.none(),
    NAME,
    DATE_TEXT,
    PHONE,
    EMAIL,
    LIST,
    ROLE,
    st.text(max_size=12),
    st.text(min_size=95, max_size=320),
    st.integers(-10, 100_000),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e11),
    st.booleans(),
    st.dates(min_value=datetime.date(1890, 1, 1), max_value=datetime.date(2100, 1, 1)),
    st.datetimes(min_value=datetime.datetime(1890, 1, 1), max_value=datetime.datetime(2100, 1, 1)),
)
MAPPING = st.lists(st.sampled_from(sorted(FIELDS)), min_size=1, max_size=10).map(
    lambda fields: {str(i): f for i, f in enumerate(fields)}
)


@settings(max_examples=300, deadline=None)
@given(mapping=MAPPING, cells=st.lists(CELL, max_size=12))
@example(mapping={"0": "full_name", "1": "last_name"}, cells=["Иванов Иван", ""])
@example(mapping={"0": "first_name", "1": "last_name"}, cells=["Иван", None])
@example(mapping={"0": "full_name", "1": "birth_date", "2": "phone"}, cells=["Петров"])
@example(mapping={"0": "", "1": "patronymic"}, cells=[1, 2.0])
def test_rows_parse_as_before(mapping: dict[str, str], cells: list[Any]) -> None:
    assert row_parser(mapping)(cells) == _old(mapping, cells)


@given(value=st.one_of(NAME, st.text(max_size=30), st.none(), st.integers()))
@settings(max_examples=200, deadline=None)
def test_full_name_splits_as_before(value: Any) -> None:
    assert split_full_name(value) == _old_split_full_name(value)


def _old_split_list(value: Any) -> list[str]:
    """``split_list`` before its path for a cell of one item."""
    seen: dict[str, str] = {}
    for item in re.split(r"[;,\n]+", str(value or "")):
        item = clean_name(item).strip(" .")
        if item:
            seen.setdefault(fold(item), item[:150])
    return list(seen.values())


@given(
    value=st.one_of(
        st.text(alphabet=st.sampled_from("Пп рав;о,\n.\t Ё"), max_size=40),
        st.text(max_size=200),
        st.none(),
        st.integers(),
    )
)
@example(value=" . ")
@example(value="Аудит.")
@example(value="x" * 200)
@settings(max_examples=300, deadline=None)
def test_a_list_cell_splits_as_before(value: Any) -> None:
    assert split_list(value) == _old_split_list(value)


def test_a_long_name_is_cut_and_a_broken_row_says_why_in_russian() -> None:
    parse = row_parser({"0": "full_name", "1": "birth_date", "2": "phone", "3": "email"})
    data, errors = parse(["Я" * 120 + " Пётр", "31.02.1999", "12345", "не почта"])
    assert data == {"last_name": "Я" * 100, "first_name": "Пётр", "patronymic": ""}
    assert errors == [
        "Дата рождения: Такой даты нет: «31.02.1999».",
        "Неверный номер телефона «12345»: нужен российский номер из 10 цифр после +7.",
        "Неверный адрес электронной почты «не почта».",
    ]
