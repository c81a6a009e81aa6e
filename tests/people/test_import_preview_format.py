"""The import preview shows dates and phones as people write them."""

import re

import pytest
from django.test import Client

from zemlyaki.people.templatetags.people_tags import date_shown, phone_shown

from .test_import import create, tambov  # noqa: F401  (the fixture)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("+79101234567", "+7\u00a0(910)\u00a0123-45-67"),
        ("8 (916) 123-45-67", "+7\u00a0(916)\u00a0123-45-67"),
        ("12345", "12345"),
        ("+7 910 123 45 67 доб. 2", "+7 910 123 45 67 доб. 2"),
        ("", ""),
        (None, ""),
    ],
)
def test_phone_shown(value, shown):
    assert phone_shown(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [("1980-02-01", "01.02.1980"), ("31.02.1980", "31.02.1980"), ("", ""), (None, "")],
)
def test_date_shown(value, shown):
    assert date_shown(value) == shown


@pytest.mark.django_db
def test_preview_rows_show_dates_and_phones_readably(coordinator, tambov):  # noqa: F811
    member_import = create(coordinator, tambov)
    client = Client()
    client.force_login(coordinator)
    page = client.get(f"/people/imports/{member_import.pk}/").content.decode()
    rows = re.findall(r'<tr class="row-\w+" data-row="(\d+)">(.*?)</tr>', page, re.S)
    cells = {
        number: [
            re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for number, row in rows
    }
    assert cells["2"][2:4] == ["31.12.1980", "+7\u00a0(916)\u00a0123-45-67"]
    assert cells["8"][2:4] == ["05.06.1990", "+7\u00a0(903)\u00a0000-11-22"]
    assert cells["3"][2] == "12.03.1985"
    assert "1980-12-31" not in page and "+79161234567" not in page
