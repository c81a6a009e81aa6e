"""The analysis on realistic annual reports: every text is analysed to the end, figures
are figures (not years, phones, postal codes, registration or house numbers), each has
a label, and the page names each year and place once."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from zemlyaki.reports import services
from zemlyaki.reports.analysis import analyse
from zemlyaki.reports.report_page import dates_summary, entities_summary

from .conftest import REPORT_TEXT, SHORT_TEXT

TEXTS = Path(__file__).parent / "texts"


def report_texts() -> dict[str, str]:
    texts = {"REPORT_TEXT": REPORT_TEXT, "SHORT_TEXT": SHORT_TEXT}
    for path in sorted(Path(__file__).parent.rglob("*.txt")):
        texts[path.name] = path.read_text(encoding="utf-8")
    return texts


def test_there_are_realistic_reports():
    names = [n for n in report_texts() if n.endswith(".txt")]
    assert names == ["altai_1999.txt", "bryansk_2019.txt", "kursk_2023.txt", "vologda_2008.txt"]
    for name in names:
        assert report_texts()[name].count("\n\n") >= 5, name


@pytest.mark.parametrize("name", list(report_texts()))
def test_every_report_text_is_analysed_to_the_end(
    name, coordinator, tambov, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_create(
            actor=coordinator, association=tambov, year_from=2019, text=report_texts()[name]
        )
    report.refresh_from_db()
    assert (report.status, report.progress, report.error, report.error_type) == (
        "analysed",
        100,
        "",
        "",
    )
    findings = list(report.findings.all())
    assert findings
    assert all(f.category_label for f in findings)


def _figures(text: str) -> list[tuple[str, str, Decimal, Decimal | None, str]]:
    result = analyse(text, services.lexicon_load())
    return [(i.category, i.value, i.number, i.number_from, i.matched) for i in result.of("number")]


def _years(text: str) -> list[tuple[str, str, str]]:
    result = analyse(text, services.lexicon_load())
    return [(i.category, i.value, i.matched) for i in result.of("date")]


def test_a_change_of_people_is_a_members_figure(db):
    text = (
        "За отчётный год землячество выросло с 382 до 452 человек. "
        "Число зрителей фестиваля выросло с 300 до 520 человек."
    )
    assert _figures(text) == [
        ("members", "человек", Decimal(452), Decimal(382), "с 382 до 452 человек"),
        ("participants", "человек", Decimal(520), Decimal(300), "с 300 до 520 человек"),
    ]


def test_years_written_with_endings_are_years(db):
    text = (
        "Землячество основано в 1996-м году группой учёных. С 1996-го правление "
        "собирается каждый месяц. В 1990-е годы у землячества не было помещения."
    )
    assert _figures(text) == []
    assert _years(text) == [
        ("date", "1996", "1996-м"),
        ("date", "1996", "1996-го"),
        ("period", "1990–1999", "1990-е"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Адрес правления: 119019, г. Москва, ул. Новый Арбат, д. 12, стр. 3, офис 305.",
        "Письма направляйте по адресу: Москва, ул. Профсоюзная, 56, кв. 112.",
        "Телефон правления +7 495 123-45-67, факс 8 (495) 765-43-21.",
        "Звоните по телефону 8-916-555-12-34 или (495) 202-11-22 в рабочие дни.",
        "ИНН 7701234567, КПП 770101001, ОГРН 1027700123456.",
        "ИНН председателя 772801234567, ОГРНИП 304770000123456.",
        "Собрание прошло 12.05.2019 в 18:30, протокол № 3.",
        "Устав зарегистрирован 14.11.1995 в соответствии с 82-ФЗ, ст. 21.",
        "К 9 Мая ветераны получили поздравления, 15 февраля прошёл вечер.",
    ],
)
def test_codes_addresses_phones_and_dates_are_not_figures(db, sentence):
    assert _figures(sentence) == []


def test_figures_of_a_real_report(db):
    text = (TEXTS / "bryansk_2019.txt").read_text(encoding="utf-8")
    assert [(c, v, n, f) for c, v, n, f, _m in _figures(text)] == [
        ("participants", "человек", 164, None),
        ("members", "человек", 452, 382),
        ("events", "мероприятие", 26, None),
        ("other", "земляк", 3000, None),
        ("other", "артист", 140, None),
        ("members", "человек", 38, None),
        ("money", "рубль", 215000, None),
    ]


def test_headings_numbers_are_not_figures(db):
    text = (TEXTS / "kursk_2023.txt").read_text(encoding="utf-8")
    values = [(c, v, n) for c, v, n, _f, _m in _figures(text)]
    assert ("other", "численность", 2) not in values
    assert values[:2] == [("members", "член", 1315), ("participants", "человек", 96)]


def test_page_lists_each_year_and_place_once(client, coordinator, tambov):
    text = (TEXTS / "vologda_2008.txt").read_text(encoding="utf-8")
    report = services.report_analyse(
        report=services.report_create(
            actor=coordinator, association=tambov, year_from=2008, text=text, process=False
        )
    )
    dates = list(report.findings.filter(kind="date"))
    assert [d["value"] for d in dates_summary(dates)] == [
        "1996",
        "2007–2008",
        "2008",
        "23.10.2008",
        "2009",
        "01.01.2009",
    ]
    assert [(d["value"], d["count"]) for d in dates_summary(dates)][0] == ("1996", 2)
    places = entities_summary(list(report.findings.filter(kind="entity")))
    names = [(p["category"], p["value"]) for p in places]
    assert len(names) == len(set(names))
    assert ("LOC", "Вологодская область") in names
    client.force_login(coordinator)
    page = client.get(f"/reports/{report.pk}/").text
    listed = re.search(r'<p id="dates">(.*?)</p>', page, re.S).group(1)
    assert re.findall(r'<span class="date">([^<]+)</span>', listed) == [
        "1996",
        "2007–2008",
        "2008",
        "23.10.2008",
        "2009",
        "01.01.2009",
    ]
    indicators = re.search(r'<ul id="indicators">(.*?)</ul>', page, re.S).group(1)
    labels = re.findall(r'<li><span class="label">([^<]*)</span>: <strong>', indicators)
    assert labels[:3] == ["участники", "численность членов", "численность членов"]
    assert "" not in labels
