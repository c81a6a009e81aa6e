"""Normalising what people type: phones, e-mails, names and dates in their usual forms."""

import datetime
import functools
import re
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.core.text import fold

_NON_DIGITS = re.compile(r"\D+")
_DATE_DMY = re.compile(r"^(\d{1,2})[./\-\s](\d{1,2})[./\-\s](\d{2}|\d{4})(?:\s*г\.?)?$")
_DATE_YMD = re.compile(r"^(\d{4})[./\-](\d{1,2})[./\-](\d{1,2})(?:[ T].*)?$")
EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()


def normalize_phone(value: Any) -> str:
    """'' or '+7XXXXXXXXXX'; a Russian ValidationError for anything else."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not text:
        return ""
    digits = _NON_DIGITS.sub("", text)
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "0":
        raise ValidationError(
            _("Неверный номер телефона «%(value)s»: нужен российский номер из 10 цифр после +7.")
            % {"value": text},
            code="phone",
        )
    return "+7" + digits


def normalize_email(value: Any) -> str:
    text = str(value or "").strip().lower()
    if not text:
        return ""
    if not _email_valid(text):
        raise ValidationError(
            _("Неверный адрес электронной почты «%(value)s».") % {"value": text}, code="email"
        )
    return text


def _email_valid(text: str) -> bool:
    """Django's ``validate_email``, its answer for each domain remembered: the domain is
    the slow part of the check, and a list repeats a few domains."""
    if "@" not in text or len(text) > 320:
        return False
    user_part, domain_part = text.rsplit("@", 1)
    return bool(_USER_REGEX.match(user_part)) and _domain_valid(domain_part)


# Django's own pattern for the part before «@», compiled here: Django keeps it behind a
# lazy object, and each use through it costs more than the match (an import checks
# every row's address).
_USER_REGEX = re.compile(validate_email.user_regex.pattern, validate_email.user_regex.flags)


@functools.lru_cache(maxsize=4096)
def _domain_valid(domain_part: str) -> bool:
    return domain_part in validate_email.domain_allowlist or bool(
        validate_email.validate_domain_part(domain_part)
    )


def clean_name(value: Any) -> str:
    # The same as collapsing ``\s+`` after strip(): str.split() splits on the same
    # (Unicode) whitespace, and is several times faster over an import's cells.
    return " ".join(str(value or "").split())


@functools.lru_cache(maxsize=65536)
def match_name(last_name: str, first_name: str, patronymic: str = "") -> str:
    """The full name as matching compares it: folded, «ё» = «е», single spaces."""
    parts = (clean_name(last_name), clean_name(first_name), clean_name(patronymic))
    return fold(" ".join(p for p in parts if p))


def split_full_name(value: Any) -> tuple[str, str, str]:
    """«Иванов Иван Иванович» → surname, given name, patronymic (the rest, e.g. «Гусейн оглы»)."""
    # The words of ``clean_name(value)``: splitting ignores the spaces it collapses.
    words = str(value or "").replace(",", " ").split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return words[0], "", ""
    return words[0], words[1], " ".join(words[2:])


def _two_digit_year(year: int) -> int:
    this_year = timezone.localdate().year % 100
    return 2000 + year if year <= this_year else 1900 + year


def parse_date(value: Any, *, past_only: bool = True) -> datetime.date | None:
    """A date in the forms people type: 31.12.1980, 1980-12-31, 31/12/80, Excel cells."""
    if value is None or value == "":
        return None
    result: datetime.date
    if isinstance(value, datetime.datetime):
        result = value.date()
    elif isinstance(value, datetime.date):
        result = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 80_000:
            raise ValidationError(_("Неверная дата «%(value)s».") % {"value": value}, code="date")
        result = EXCEL_EPOCH + datetime.timedelta(days=int(value))
    else:
        text = str(value).strip()
        if not text:
            return None
        m = _DATE_DMY.match(text)
        if m:
            day, month, year = int(m[1]), int(m[2]), int(m[3])
            if len(m[3]) == 2:
                year = _two_digit_year(year)
        else:
            m = _DATE_YMD.match(text)
            if m:
                year, month, day = int(m[1]), int(m[2]), int(m[3])
            elif text.isdigit() and 4 < len(text) <= 5:  # an Excel serial saved as text
                return parse_date(int(text), past_only=past_only)
            else:
                raise ValidationError(
                    _("Неверная дата «%(value)s»: ожидается ДД.ММ.ГГГГ.") % {"value": text},
                    code="date",
                )
        try:
            result = datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(_("Такой даты нет: «%(value)s».") % {"value": text}, code="date")
    # Today's date in the project's time zone is asked only for dates near it (the
    # question is slow enough to show in an import of a hundred thousand rows).
    recent = result.toordinal() > time.time() // 86400 + _EPOCH_ORDINAL - 2
    if result.year < 1900 or (past_only and recent and result > timezone.localdate()):
        raise ValidationError(
            _("Дата «%(value)s» вне допустимых пределов.") % {"value": result.strftime("%d.%m.%Y")},
            code="date",
        )
    return result


_LIST_SEPARATORS = re.compile(r"[;,\n]+")


def split_list(value: Any) -> list[str]:
    """«Право; Экономика, IT» → ['Право', 'Экономика', 'IT']."""
    text = str(value or "")
    if ";" not in text and "," not in text and "\n" not in text:
        # One item, as a list's cell most often holds: the same result, three times
        # faster (an import splits every row's cell).
        item = clean_name(text).strip(" .")
        return [item[:150]] if item else []
    seen: dict[str, str] = {}
    for item in _LIST_SEPARATORS.split(text):
        item = clean_name(item).strip(" .")
        if item:
            seen.setdefault(fold(item), item[:150])
    return list(seen.values())
