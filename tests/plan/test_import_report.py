"""The text reader tells what it cleaned and what it read from the items' words."""

import pytest

from zemlyaki.plan.parsing import parse_plan_file, read_plan_text
from zemlyaki.plan.wording import body_mentions, inner_deadline

from .factories import SEED_PLAN, d


def report(text: str) -> list[str]:
    return [str(w) for w in read_plan_text(text).warnings]


def test_the_seed_import_tells_every_cleaning_with_its_line():
    plan = read_plan_text(SEED_PLAN.read_text(encoding="utf-8"))
    assert [str(w) for w in plan.warnings] == [
        "Строка 1: строка до первого пункта пропущена как заголовок: «Предлагаемый к "
        "обсуждению участников круглого стола план:»",
        "Строка 5: номер пункта 3 уже был в строке 4: пункт загружается под тем же номером, "
        "проверьте нумерацию",
        "Строка 7: в тексте срок «не позднее 1 октября»: сроком мероприятия взято 01.10.2023, "
        "дата в конце пункта 01.02.2023 записана в описание",
        "Строка 11: удалена служебная пометка текстового редактора «[bookmark: _GoBack]»",
    ]
    assert [w.line for w in plan.warnings] == [1, 5, 7, 11]


def test_a_stray_bookmark_is_stripped_with_a_warning_wherever_it_stands():
    text = (
        "1. Первое[bookmark: _GoBack] - 01.02.2024;\n"
        "(примечание [закладка: x] к первому)\n"
        "[bookmark: _GoBack]2. Второе - 01.03.2024;\n"
    )
    plan = read_plan_text(text)
    assert [t.title for t in plan.tasks] == ["Первое", "Второе"]
    assert plan.tasks[0].description == "примечание к первому"
    assert [str(w) for w in plan.warnings] == [
        "Строка 1: удалена служебная пометка текстового редактора «[bookmark: _GoBack]»",
        "Строка 2: удалена служебная пометка текстового редактора «[закладка: x]»",
        "Строка 3: удалена служебная пометка текстового редактора «[bookmark: _GoBack]»",
    ]


def test_a_clean_file_gives_no_warnings():
    assert report("1. Первое - 01.02.2024;\n2. Второе - 01.03.2024;\n") == []


def test_duplicated_numbers_are_kept_and_told():
    plan = read_plan_text(
        "1. Первое - 01.02.2024;\n2. Второе - 01.03.2024;\n2. Ещё второе - 01.04.2024;\n"
        "1. Снова первое - 01.05.2024;\n"
    )
    assert [t.number for t in plan.tasks] == ["1", "2", "2", "1"]
    assert [str(w) for w in plan.warnings] == [
        "Строка 3: номер пункта 2 уже был в строке 2: пункт загружается под тем же номером, "
        "проверьте нумерацию",
        "Строка 4: номер пункта 1 уже был в строке 1: пункт загружается под тем же номером, "
        "проверьте нумерацию",
    ]


def test_invisible_characters_and_skipped_headings_are_told():
    text = "\ufeffПлан работ\n(черновик)\n1.\xa0Первое\xa0- 01.02.2024;\n2. Вто\u00adрое - 01.03.2024;\n"
    plan = read_plan_text(text)
    assert [(t.title, t.due_date) for t in plan.tasks] == [
        ("Первое", d("01.02.2024")),
        ("Второе", d("01.03.2024")),
    ]
    assert [str(w) for w in plan.warnings] == [
        "Строка 1: невидимые символы (U+FEFF) заменены пробелом или убраны",
        "Строка 1: строка до первого пункта пропущена как заголовок: «План работ»",
        "Строка 2: строка до первого пункта пропущена как заголовок: «(черновик)»",
        "Строка 3: невидимые символы (U+00A0) заменены пробелом или убраны",
        "Строка 4: невидимые символы (U+00AD) заменены пробелом или убраны",
    ]


def test_the_file_reader_carries_the_warnings():
    source, plan = parse_plan_file("plan.txt", SEED_PLAN.read_bytes())
    assert source == "text"
    assert [w.line for w in plan.warnings] == [1, 5, 7, 11]


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("Сформировать рабочую группу разработки Стратегии", "working_group", "рабочую группу"),
        ("рабочей группе необходимо собрать отчёты", "working_group", "рабочей группе"),
        ("Рабочая группа готовит анализ", "working_group", "Рабочая группа"),
        ("отчёт рабочей группы", "working_group", "рабочей группы"),
        ("редакционная группа разработает стратегию", "editorial_group", "редакционная группа"),
        ("Материалы направить в редакционную группу", "editorial_group", "редакционную группу"),
        ("силами редакционной группы", "editorial_group", "редакционной группы"),
        ("Сформировать оргкомитет сессии", "organising_committee", "оргкомитет"),
        ("поручить оргкомитету", "organising_committee", "оргкомитету"),
        ("вместе с организационным комитетом", "organising_committee", "организационным комитетом"),
        ("на заседании расширенного экспертного совета", "expert_council", "расширенного экспертного совета"),
        ("Расширенному экспертному совету согласовать", "expert_council", "Расширенному экспертному совету"),
        ("экспертный совет согласует разделы", "expert_council", "экспертный совет"),
    ],
)  # fmt: skip
def test_bodies_are_found_in_any_grammatical_case(text, kind, words):
    mentions = body_mentions(text)
    assert [(m.kind, m.text) for m in mentions] == [(kind, words)]


def test_no_body_in_plain_words():
    assert body_mentions("выявить инициативных людей экспертного сообщества и группы") == []


def test_owners_are_read_from_the_item_line_not_from_its_notes():
    plan = read_plan_text(SEED_PLAN.read_text(encoding="utf-8"))
    assert [(t.number, t.owner_kind, t.owner_mention) for t in plan.tasks] == [
        ("1", "working_group", "рабочую группу"),
        ("2", "editorial_group", "редакционную группу"),
        ("3", "organising_committee", "оргкомитет"),
        # its note «Материалы направить в редакционную группу» names only the addressee
        ("3", "working_group", "рабочей группе"),
        ("4", "", ""),  # its note names the expert council, which is not the owner
        ("5", "", ""),
        ("6", "", ""),
        ("7", "editorial_group", "редакционная группа"),
    ]


def test_an_item_naming_several_bodies_offers_the_first_and_says_so():
    plan = read_plan_text("1. Оргкомитету передать материалы рабочей группе - 01.02.2024;\n")
    assert (plan.tasks[0].owner_kind, plan.tasks[0].owner_mention) == (
        "organising_committee",
        "Оргкомитету",
    )
    assert [str(w) for w in plan.warnings] == [
        "Строка 1: в тексте названо несколько органов («Оргкомитету», «рабочей группе»): "
        "ответственным предложен первый"
    ]


def test_the_inner_deadline_becomes_the_due_date_and_the_trailing_date_a_note():
    plan = read_plan_text(SEED_PLAN.read_text(encoding="utf-8"))
    item = plan.tasks[4]
    assert (item.number, item.due_date, item.stated_due_date, item.inner_deadline) == (
        "4",
        d("01.10.2023"),  # the year of the plan: most of its dates are in 2023
        d("01.02.2023"),
        "не позднее 1 октября",
    )
    assert item.description == (
        "Экспертный совет поможет выявить неиспользуемый потенциал землячеств.\n"
        "Срок, указанный в конце пункта: 01.02.2023."
    )
    others = [t for t in plan.tasks if t is not item]
    assert all(t.inner_deadline == "" and t.stated_due_date is None for t in others)


@pytest.mark.parametrize(
    ("text", "expected", "stated"),
    [
        ("1. Разослать анкету (до 15 сентября) - 01.12.2024;", d("15.09.2024"), d("01.12.2024")),
        ("1. Подготовить не позже 5 марта 2025 года - 01.12.2024;", d("05.03.2025"), d("01.12.2024")),
        ("1. Собрать списки, не позднее 20.11 - 01.12.2024;", d("20.11.2024"), d("01.12.2024")),
        ("1. Собрать списки к 1 ноября;\n2. Обсудить - 01.12.2024;", d("01.11.2024"), None),
    ],
)  # fmt: skip
def test_inner_deadlines_in_several_forms(text, expected, stated):
    item = read_plan_text(text).tasks[0]
    assert (item.due_date, item.stated_due_date) == (expected, stated)


def test_an_inner_deadline_without_a_year_or_a_day_is_told_and_left_alone():
    plan = read_plan_text("1. Разослать анкету не позднее 1 октября;\n")
    assert plan.tasks[0].due_date is None
    assert [str(w) for w in plan.warnings] == [
        "Строка 1: в тексте срок «не позднее 1 октября», но даты из него не получить: "
        "срок не изменён"
    ]
    plan = read_plan_text("1. Разослать анкету до 30 февраля - 01.12.2024;\n")
    assert plan.tasks[0].due_date == d("01.12.2024")
    assert plan.warnings[0].message.startswith("в тексте срок «до 30 февраля»")


def test_words_that_are_not_deadlines():
    assert inner_deadline("анализ развития до 2022 года") is None
    assert inner_deadline("до 20 человек") is None
    assert inner_deadline("годы 90е, 00е, 10е, 20е") is None


def test_structured_files_tell_their_duplicated_numbers_too():
    text = (
        "tasks:\n  - number: 1\n    title: Раз\n  - number: 2\n    title: Два\n"
        "  - number: 1\n    title: Снова раз\n"
    )
    source, plan = parse_plan_file("plan.yaml", text.encode())
    assert [str(w) for w in plan.warnings] == [
        "Строка 6: номер пункта 1 уже был в строке 2: пункт загружается под тем же номером, "
        "проверьте нумерацию"
    ]
