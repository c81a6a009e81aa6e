"""Validators of Russian registration numbers by their check digits."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _digits(value: str, lengths: tuple[int, ...], label: str) -> str:
    value = (value or "").strip()
    if not value.isdigit() or len(value) not in lengths:
        raise ValidationError(
            _("%(label)s должен состоять из %(n)s цифр.")
            % {"label": label, "n": _("%(a)s или %(b)s") % {"a": lengths[0], "b": lengths[1]}},
            code="format",
        )
    return value


def validate_ogrn(value: str) -> None:
    """ОГРН (13 digits) or ОГРНИП (15 digits): the last digit is a remainder check."""
    value = _digits(value, (13, 15), _("ОГРН"))
    body, check = value[:-1], int(value[-1])
    divisor = 11 if len(value) == 13 else 13
    expected = int(body) % divisor % 10
    if expected != check:
        raise ValidationError(_("Неверная контрольная цифра ОГРН."), code="checksum")


_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _inn_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def validate_inn(value: str) -> None:
    """ИНН of an organisation (10 digits) or of a person (12 digits)."""
    value = _digits(value, (10, 12), _("ИНН"))
    if len(value) == 10:
        ok = _inn_digit(value, _INN10) == int(value[9])
    else:
        ok = _inn_digit(value, _INN11) == int(value[10]) and _inn_digit(value, _INN12) == int(
            value[11]
        )
    if not ok:
        raise ValidationError(_("Неверная контрольная цифра ИНН."), code="checksum")


def make_ogrn(body12: str) -> str:
    """Complete a 12-digit ОГРН body with its check digit (for demo and test data)."""
    return body12 + str(int(body12) % 11 % 10)


def make_inn10(body9: str) -> str:
    return body9 + str(_inn_digit(body9, _INN10))
