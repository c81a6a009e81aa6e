"""Reading a member list: the fields, the usual headers, the column mapping guessed from
them, the file itself (XLSX or CSV) and each row's clean data with its errors."""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.core import csvfiles
from zemlyaki.core.text import fold
from zemlyaki.core.typography import group_thousands

from ..models import (
    MembershipRole,
)
from ..normalize import (
    clean_name,
    normalize_email,
    normalize_phone,
    parse_date,
    split_full_name,
    split_list,
)
from .filecheck import check_spreadsheet, decode_list, unreadable, unsupported_format

FIELDS: dict[str, Any] = {
    "": gettext_lazy("— не загружать —"),
    "full_name": gettext_lazy("ФИО полностью"),
    "last_name": gettext_lazy("Фамилия"),
    "first_name": gettext_lazy("Имя"),
    "patronymic": gettext_lazy("Отчество"),
    "birth_date": gettext_lazy("Дата рождения"),
    "phone": gettext_lazy("Телефон"),
    "email": gettext_lazy("Электронная почта"),
    "occupation": gettext_lazy("Профессия, должность"),
    "workplace": gettext_lazy("Место работы"),
    "competencies": gettext_lazy("Компетенции"),
    "interests": gettext_lazy("Интересы"),
    "home_place": gettext_lazy("Малая родина (населённый пункт)"),
    "moscow_district": gettext_lazy("Район Москвы"),
    "role": gettext_lazy("Роль в землячестве"),
    "since": gettext_lazy("Член землячества с"),
}

# The usual Russian headers, compared after folding and dropping punctuation.
HEADER_SYNONYMS: dict[str, list[str]] = {
    "full_name": [
        "фио", "ф и о", "фамилия имя отчество", "фамилия имя", "фио участника", "фио члена",
        "участник", "член землячества", "полное имя",
    ],
    "last_name": ["фамилия"],
    "first_name": ["имя"],
    "patronymic": ["отчество"],
    "birth_date": ["дата рождения", "д р", "др", "день рождения", "дата рожд", "родился", "родилась", "год и дата рождения"],
    "phone": [
        "телефон", "тел", "моб тел", "моб", "мобильный", "мобильный телефон", "контактный телефон",
        "номер телефона", "телефон мобильный", "сотовый", "сот тел",
    ],
    "email": [
        "email", "e mail", "эл почта", "электронная почта", "почта", "mail", "адрес электронной почты",
        "e mail адрес", "эл адрес", "емейл", "имейл",
    ],
    "occupation": ["профессия", "должность", "профессия должность", "специальность", "род занятий", "профессия специальность"],
    "workplace": ["место работы", "организация", "работа", "место работы организация", "место работы должность"],
    "competencies": ["компетенции", "профессиональные компетенции", "компетенция", "сфера компетенций", "навыки", "экспертиза"],
    "interests": ["интересы", "общественные интересы", "увлечения", "сфера интересов"],
    "home_place": ["малая родина", "место рождения", "населенный пункт", "откуда родом", "район области"],
    "moscow_district": ["район москвы", "район проживания", "район", "округ москвы", "район проживания в москве"],
    "role": ["роль", "роль в землячестве", "статус в землячестве", "положение в землячестве"],
    "since": ["дата вступления", "член с", "в землячестве с", "член землячества с"],
}  # fmt: skip

ROLE_WORDS = {
    "председатель": MembershipRole.CHAIR,
    "заместитель": MembershipRole.DEPUTY,
    "зам": MembershipRole.DEPUTY,
    "секретарь": MembershipRole.SECRETARY,
    "совет": MembershipRole.COUNCIL,
    "почетный": MembershipRole.HONORARY,
}


def header_key(text: Any) -> str:
    return " ".join(re.findall(r"[0-9a-zа-я]+", fold(str(text or ""))))


_SYNONYM_INDEX = {header_key(s): field for field, items in HEADER_SYNONYMS.items() for s in items}


def guess_mapping(headers: list[str], saved: dict[str, str] | None = None) -> dict[str, str]:
    """Column index (as a string) → field, from a saved mapping or the usual headers."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for index, header in enumerate(headers):
        key = header_key(header)
        field = (saved or {}).get(key)
        if field is None:
            field = _SYNONYM_INDEX.get(key, "")
        if field and field in used:
            field = ""
        if field:
            used.add(field)
        mapping[str(index)] = field
    return mapping


def _decode(data: bytes) -> str:
    return decode_list(data)


def read_table(data: bytes, file_name: str) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Headers and (row number, cells) of the first sheet of an XLSX, or of a CSV in any
    Russian encoding (``core.encoding``) with commas, semicolons or tabs. Empty rows are
    dropped."""
    headers, rows = stream_table(data, file_name)
    return headers, list(rows)


def check_file(data: bytes, file_name: str) -> str:
    """What the upload can tell without reading the rows: the file's kind («xlsx» or
    «csv»), and that an XLSX archive is sound (``check_zip_archive``). Its cost does not
    grow with the rows, so it runs while the file is uploaded."""
    name = file_name.lower()
    if name.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        check_spreadsheet(data)  # an archive bomb or a foreign file, refused by name
        return "xlsx"
    if name.endswith((".csv", ".txt")):
        return "csv"
    raise unsupported_format(data, file_name)


def stream_table(
    data: bytes, file_name: str, max_rows: int | None = None
) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    """As ``read_table``, the rows given out one by one as the file is read (an XLSX
    sheet is parsed as it streams out of the archive, ``xlsx.iter_rows``), their
    strings stripped of the whitespace around them. A file with
    more than ``max_rows`` rows of data (``ZEMLYAKI_IMPORT_MAX_ROWS`` by default) is
    refused when the row past the limit is reached."""
    rows: Iterator[tuple[int, list[Any]]]
    kind = check_file(data, file_name)
    try:
        if kind == "xlsx":
            # Imported here: the reader brings openpyxl (and numpy behind it), which the
            # web workers, who only store the upload, need not carry.
            from .xlsx import iter_rows

            rows = enumerate(iter_rows(data, strip=True), start=1)
        else:
            text = _decode(data)
            sample = text[:8192]
            dialect = csvfiles.dialect(sample)
            cells = csv.reader(io.StringIO(text), dialect)
            rows = enumerate(([c.strip() for c in row] for row in cells), start=1)
        headers: list[str] | None = None
        for _number, values in rows:
            if _filled(values):
                headers = [clean_name(v) for v in values]
                while headers and not headers[-1]:
                    headers.pop()
                break
    except ValidationError:
        raise
    except Exception as exc:  # a broken or foreign file: say so in Russian
        raise ValidationError(_unreadable(exc), code="read")
    if not headers:
        raise ValidationError({"file": _("В файле нет строки заголовков.")}, code="empty")
    limit = settings.ZEMLYAKI_IMPORT_MAX_ROWS if max_rows is None else max_rows
    return headers, _data_rows(rows, limit)


def _unreadable(exc: Exception) -> dict[str, str]:
    return unreadable()


def too_many_rows(limit: int) -> ValidationError:
    return ValidationError(
        {
            "file": _(
                "В списке больше %(limit)s строк с данными, а в одной загрузке их может "
                "быть не больше %(limit)s. Ничего не загружено: разделите список на части "
                "не длиннее %(limit)s строк."
            )
            % {"limit": group_thousands(limit)}
        },
        code="limit",
    )


def _filled(values: list[Any]) -> bool:
    """Whether a row (its strings stripped) has a value: not only None and ""."""
    return values.count(None) + values.count("") < len(values)


def _data_rows(
    rows: Iterator[tuple[int, list[Any]]], limit: int
) -> Iterator[tuple[int, list[Any]]]:
    count = 0
    try:
        for number, values in rows:
            if not _filled(values):
                continue
            count += 1
            if count > limit:
                raise too_many_rows(limit)
            yield number, values
    except ValidationError:
        raise
    except Exception as exc:  # a broken or foreign file: say so in Russian
        raise ValidationError(_unreadable(exc), code="read")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d.%m.%Y")
    return clean_name(value)


def _role(value: str) -> str:
    folded = fold(value)
    for word, role in ROLE_WORDS.items():
        if word in folded:
            return str(role)
    return str(MembershipRole.MEMBER)


def parse_row(cells: list[Any], mapping: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """One row → (clean data, Russian error messages)."""
    return row_parser(mapping)(cells)


def row_parser(
    mapping: dict[str, str],
) -> Callable[[list[Any]], tuple[dict[str, Any], list[str]]]:
    """``parse_row`` under one mapping: the steps its fields need are chosen once for the
    file, and each row runs only those (an import parses a hundred thousand rows; the
    data and errors are those of ``_parsed``)."""
    at = {field: int(index) for index, field in mapping.items() if field}
    full = at.get("full_name")
    names: list[tuple[str, int]] = [
        (key, at[key]) for key in ("last_name", "first_name", "patronymic") if key in at
    ]
    dates: list[tuple[str, int]] = [(key, at[key]) for key in ("birth_date", "since") if key in at]
    contacts = [(key, at[key], normalize) for key, normalize in _CONTACTS if key in at]
    texts: list[tuple[str, int, int]] = [
        (key, at[key], limit) for key, limit in _TEXT_LIMITS if key in at
    ]
    lists: list[tuple[str, int]] = [
        (key, at[key]) for key in ("competencies", "interests") if key in at
    ]
    role = at.get("role")

    def parse(cells: list[Any]) -> tuple[dict[str, Any], list[str]]:
        count = len(cells)
        errors: list[str] = []
        last = first = patronymic = ""
        if full is not None:
            value = cells[full] if full < count else None
            # A string from the reader splits as its text would: the words are the same.
            last, first, patronymic = split_full_name(value if type(value) is str else _text(value))
        for key, i in names:
            text = _text(cells[i] if i < count else None)
            if text:
                if key == "last_name":
                    last = text
                elif key == "first_name":
                    first = text
                else:
                    patronymic = text
        data: dict[str, Any] = {
            "last_name": last[:100],
            "first_name": first[:100],
            "patronymic": patronymic[:100],
        }
        if not last and not first:
            errors.append(_("Не указаны фамилия и имя."))
        elif not first:
            errors.append(_("Не указано имя."))
        for key, i in dates:
            try:
                value = parse_date(cells[i] if i < count else None)
                data[key] = value.isoformat() if value else None
            except ValidationError as exc:
                label = _("Дата рождения") if key == "birth_date" else _("Дата вступления")
                errors.append(f"{label}: {exc.messages[0]}")
        for key, i, normalize in contacts:
            try:
                data[key] = normalize(cells[i] if i < count else None)
            except ValidationError as exc:
                errors.append(exc.messages[0])
        for key, i, limit in texts:
            data[key] = _text(cells[i] if i < count else None)[:limit]
        for key, i in lists:
            value = cells[i] if i < count else None
            data[key] = split_list(value if isinstance(value, str) else _text(value))
        if role is not None:
            data["role"] = _role(_text(cells[role] if role < count else None))
        return data, errors

    return parse


_CONTACTS = (("phone", normalize_phone), ("email", normalize_email))
_TEXT_LIMITS = (
    ("occupation", 200),
    ("workplace", 300),
    ("home_place", 200),
    ("moscow_district", 100),
)
