import pytest
from django.core.exceptions import ValidationError

from zemlyaki.core.validators import make_inn10, make_ogrn, validate_inn, validate_ogrn


@pytest.mark.parametrize("value", ["1027700132195", "1037739010891", "304500116000157"])
def test_valid_ogrn(value):
    validate_ogrn(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1027700132194", "Неверная контрольная цифра ОГРН."),
        ("102770013219", "ОГРН должен состоять из 13 или 15 цифр."),
        ("10277001321X5", "ОГРН должен состоять из 13 или 15 цифр."),
        ("304500116000158", "Неверная контрольная цифра ОГРН."),
    ],
)
def test_invalid_ogrn(value, message):
    with pytest.raises(ValidationError) as exc:
        validate_ogrn(value)
    assert exc.value.messages == [message]


@pytest.mark.parametrize("value", ["7707083893", "7736050003", "500100732259"])
def test_valid_inn(value):
    validate_inn(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("7707083894", "Неверная контрольная цифра ИНН."),
        ("500100732258", "Неверная контрольная цифра ИНН."),
        ("77070838", "ИНН должен состоять из 10 или 12 цифр."),
    ],
)
def test_invalid_inn(value, message):
    with pytest.raises(ValidationError) as exc:
        validate_inn(value)
    assert exc.value.messages == [message]


def test_generated_numbers_are_valid():
    validate_ogrn(make_ogrn("102770013219"))
    validate_inn(make_inn10("770708389"))
    assert make_ogrn("102770013219") == "1027700132195"
    assert make_inn10("770708389") == "7707083893"
