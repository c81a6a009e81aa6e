import datetime
import io

import openpyxl
import pytest

from zemlyaki.plan.parsing import (
    PlanParseError,
    parse_plan_file,
    parse_plan_text,
    parse_plan_xlsx,
    parse_plan_yaml,
)

from .factories import SEED_PLAN, d


def test_seed_plan_text_gives_its_eight_items_with_dates():
    tasks = parse_plan_text(SEED_PLAN.read_text(encoding="utf-8"))
    assert [(t.number, t.due_date) for t in tasks] == [
        ("1", d("15.10.2023")),
        ("2", d("15.10.2023")),
        ("3", d("15.10.2023")),
        ("3", d("01.02.2023")),
        ("4", d("01.10.2023")),  # «не позднее 1 октября» inside its text
        ("5", d("01.02.2023")),
        ("6", d("01.03.2023")),
        ("7", d("01.08.2024")),
    ]
    assert tasks[0].title == "Сформировать рабочую группу разработки Стратегии"
    assert tasks[0].follows_previous is False
    assert all(t.follows_previous for t in tasks[1:])
    assert tasks[4].line == 7
    # the bookmark artefact is gone, the en dash before the date is understood
    assert tasks[7].title.startswith("По итогам работы стратегической сессии")
    assert tasks[7].title.endswith("концепцию сайта института землячеств")
    assert tasks[5].title.endswith("раскрыть свой потенциал")
    # notes in parentheses on the next line become the description
    assert tasks[3].description == (
        "Возможно не все можно восстановить из проведенной деятельности, но и не многое "
        "может позволить многое понять и лучше использовать опыт работы землячеств в "
        "будущем. Материалы направить в редакционную группу."
    )
    assert tasks[4].description == (
        "Экспертный совет поможет выявить неиспользуемый потенциал землячеств.\n"
        "Срок, указанный в конце пункта: 01.02.2023."
    )
    assert tasks[2].description == ""


def test_notes_can_name_dependencies_or_free_an_item():
    tasks = parse_plan_text(
        "1. Первое - 01.02.2024;\n"
        "2. Второе - 01.03.2024;\n"
        "(независимо)\n"
        "3. Третье – 01.04.2024.\n"
        "(зависит от 1 и 2)\n"
        "(многострочное\n примечание)\n"
        "4. Без даты;\n"
    )
    assert [(t.number, t.follows_previous, t.depends_on) for t in tasks] == [
        ("1", False, ()),
        ("2", False, ()),
        ("3", False, ("1", "2")),
        ("4", True, ()),
    ]
    assert tasks[2].description == "многострочное примечание"
    assert tasks[3].due_date is None
    assert tasks[3].title == "Без даты"


def test_bad_lines_are_reported_in_russian_with_their_numbers():
    with pytest.raises(PlanParseError) as caught:
        parse_plan_text(
            "План:\n"
            "1. Хорошо - 01.02.2024;\n"
            "какая-то строка без номера\n"
            "2. Нет такой даты - 31.02.2024;\n"
            "3. Дата не та - 2024.01.01;\n"
            "(незакрытая скобка\n"
        )
    assert [str(e) for e in caught.value.errors] == [
        "Строка 3: строка не похожа на пункт плана «N. Название - ДД.ММ.ГГГГ;» и не является примечанием в скобках",
        "Строка 4: такой даты нет: «31.02.2024»",
        "Строка 5: дата «2024.01.01» не в виде ДД.ММ.ГГГГ",
        "Строка 6: не закрыта скобка примечания",
    ]


def test_text_without_items_is_refused():
    with pytest.raises(PlanParseError) as caught:
        parse_plan_text("Просто текст.\n\n")
    assert [str(e) for e in caught.value.errors] == [
        "Не найдено ни одного пункта вида «1. Название - ДД.ММ.ГГГГ;»."
    ]


YAML = """\
title: План сессии
ordered: true
tasks:
  - number: 1
    title: Разослать приглашения
    due: 01.09.2024
    owner_body: Оргкомитет
  - number: 2
    title: Провести сессию
    due: 2024-10-01
    start: 2024-09-20
    status: в работе
  - number: 3
    title: Подвести итоги
    due: 15.10.2024
    depends_on: [1, 2]
    owner_person: Смирнова Анна
    description: Протокол и решения
"""


def test_yaml_plan():
    plan = parse_plan_yaml(YAML)
    assert plan.title == "План сессии"
    assert [
        (t.line, t.number, t.due_date, t.follows_previous, t.depends_on, t.status)
        for t in plan.tasks
    ] == [
        (4, "1", d("01.09.2024"), False, (), "not_started"),
        (8, "2", d("01.10.2024"), True, (), "in_progress"),
        (13, "3", d("15.10.2024"), False, ("1", "2"), "not_started"),
    ]
    assert plan.tasks[1].start_date == datetime.date(2024, 9, 20)
    assert plan.tasks[0].owner_body == "Оргкомитет"
    assert plan.tasks[2].owner_person == "Смирнова Анна"
    assert plan.tasks[2].description == "Протокол и решения"


def test_yaml_errors_name_lines():
    with pytest.raises(PlanParseError) as caught:
        parse_plan_yaml(
            "tasks:\n"
            "  - number: 1\n"
            "    due: 40.01.2024\n"
            "  - title: Без номера\n"
            "    status: готово\n"
        )
    assert [str(e) for e in caught.value.errors] == [
        "Строка 2: не указано название пункта (title)",
        "Строка 2: такой даты нет: «40.01.2024»",
        "Строка 4: не указан номер пункта (number)",
        "Строка 4: неизвестное состояние «готово»; допустимы: не начато, в работе, выполнено, отменено",
    ]
    with pytest.raises(PlanParseError) as broken:
        parse_plan_yaml("tasks: [\n")
    assert [str(e) for e in broken.value.errors] == ["Строка 2: файл не читается как YAML"]


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "План круглого стола"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_plan():
    data = xlsx_bytes(
        [
            ["Номер", "Мероприятие", "Срок", "Ответственный орган", "Зависит от", "Состояние"],
            [
                1,
                "Собрать отчёты",
                datetime.datetime(2024, 2, 1),
                "Рабочая группа",
                None,
                "выполнено",
            ],
            [None, None, None, None, None, None],
            ["2", "Проанализировать отчёты", "01.03.2024", None, "1", None],
        ]
    )
    plan = parse_plan_xlsx(data)
    assert plan.title == "План круглого стола"
    assert [
        (t.line, t.number, t.title, t.due_date, t.owner_body, t.depends_on, t.status)
        for t in plan.tasks
    ] == [
        (2, "1", "Собрать отчёты", d("01.02.2024"), "Рабочая группа", (), "done"),
        (4, "2", "Проанализировать отчёты", d("01.03.2024"), "", ("1",), "not_started"),
    ]


def test_xlsx_errors():
    with pytest.raises(PlanParseError) as caught:
        parse_plan_xlsx(xlsx_bytes([["Что", "Когда"], ["x", "y"]]))
    assert [str(e) for e in caught.value.errors] == [
        "Строка 1: в заголовке нет столбцов: «Номер», «Мероприятие»"
    ]
    with pytest.raises(PlanParseError) as rows:
        parse_plan_xlsx(xlsx_bytes([["Номер", "Мероприятие", "Срок"], [1, "", "1 марта"]]))
    assert [str(e) for e in rows.value.errors] == [
        "Строка 2: не указано название мероприятия",
        "Строка 2: дата «1 марта» не в виде ДД.ММ.ГГГГ",
    ]
    with pytest.raises(PlanParseError) as damaged:
        parse_plan_xlsx(b"not a zip")
    assert [str(e) for e in damaged.value.errors] == ["файл не читается как таблица XLSX"]


def test_file_reader_is_chosen_by_extension():
    assert parse_plan_file("plan.yaml", YAML.encode())[0] == "yaml"
    source, plan = parse_plan_file("plan.txt", "1. Раз - 01.01.2024;".encode("cp1251"))
    assert source == "text"
    assert [t.title for t in plan.tasks] == ["Раз"]
