import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.registry.factories import make_association
from zemlyaki.core.models import AuditEntry
from zemlyaki.people import importing
from zemlyaki.people.models import (
    Competency,
    ImportMapping,
    ImportStatus,
    MemberImport,
    Membership,
    Person,
)

from .factories import (
    committed,
    csv_bytes,
    error_report_rows,
    imported,
    make_person,
    run_tasks,
    undone,
    xlsx_bytes,
)

MESSY = [
    [
        "№",
        "Фамилия Имя Отчество",
        "Дата рождения",
        "Моб. тел.",
        "Эл. почта",
        "Профессия",
        "Место работы",
        "Компетенции",
    ],
    [
        1,
        "Ёлкин Пётр Семёнович",
        "31.12.1980",
        "8 (916) 123-45-67",
        "Elkin@Mail.ru",
        "юрист",
        "ООО «Право»",
        "Корпоративное право, Нотариат",
    ],
    [2, "Сидорова Анна", "1985-03-12", "", "", "врач", "ГКБ № 1", "Хирургия"],
    [3, "Кузнецов Олег Иванович", "31.02.1980", "", "", "", "", ""],
    [4, "елкин петр семенович", "31/12/80", "", "", "", "", ""],
    [5, "Морозов Иван", "", "12345", "", "", "", ""],
    [6, "", "01.01.1970", "", "", "", "", ""],
    [
        7,
        "Белова Мария Петровна",
        "05.06.1990",
        "+7 903 000 11 22",
        "",
        "агроном",
        "",
        "Агрономия; Разведение пчёл",
    ],
]


@pytest.fixture
def tambov(db):
    return make_association("Тамбовское землячество", ["68"])


def create(actor, association, rows=MESSY, name="список.csv", encoding="cp1251", delimiter=";"):
    content = (
        csv_bytes(rows, encoding=encoding, delimiter=delimiter)
        if name.endswith(".csv")
        else xlsx_bytes(rows)
    )
    return imported(actor, association, content, file_name=name)


@pytest.mark.django_db
def test_messy_windows_1251_list_preview(coordinator, tambov):
    existing = make_person("Сидорова", "Анна", "", birth_date="12.03.1985", occupation="")
    member_import = create(coordinator, tambov)
    assert member_import.mapping == {
        "0": "", "1": "full_name", "2": "birth_date", "3": "phone", "4": "email",
        "5": "occupation", "6": "workplace", "7": "competencies",
    }  # fmt: skip
    assert (
        member_import.total,
        member_import.preview_new,
        member_import.preview_matched,
        member_import.preview_errors,
    ) == (7, 2, 1, 4)
    rows = {r.number: r for r in member_import.rows.all()}
    assert rows[2].status == "new" and rows[2].data["phone"] == "+79161234567"
    assert rows[2].data["birth_date"] == "1980-12-31"
    assert (
        rows[3].status == "match"
        and rows[3].match_on == "name_birth_date"
        and rows[3].person_id == existing.pk
    )
    assert rows[4].messages == ["Дата рождения: Такой даты нет: «31.02.1980»."]
    assert rows[5].messages == ["Повтор строки 2."]
    assert rows[6].messages == [
        "Неверный номер телефона «12345»: нужен российский номер из 10 цифр после +7."
    ]
    assert rows[7].messages == ["Не указаны фамилия и имя."]
    assert rows[8].status == "new"
    assert Person.objects.count() == 1  # the preview writes nobody


@pytest.mark.django_db
def test_commit_counts_report_reimport_and_undo(coordinator, tambov):
    existing = make_person("Сидорова", "Анна", "", birth_date="12.03.1985", occupation="")
    other = make_association("Рязанское землячество", ["62"])
    Membership.objects.create(person=existing, association=other)
    member_import = committed(coordinator, create(coordinator, tambov), "fill")
    assert member_import.status == ImportStatus.DONE
    assert (
        member_import.created,
        member_import.matched,
        member_import.updated,
        member_import.errors,
    ) == (2, 1, 1, 4)
    assert Person.objects.count() == 3
    elkin = Person.objects.get(last_name="Ёлкин")
    assert sorted(elkin.competencies.values_list("name", flat=True)) == [
        "Корпоративное право",
        "Нотариат",
    ]
    assert elkin.has_consent and elkin.consents.get().form == "paper"
    assert " корпоративный " in elkin.search_text
    existing.refresh_from_db()
    assert existing.occupation == "врач" and existing.workplace == "ГКБ № 1"
    assert sorted(existing.memberships.values_list("association__slug", flat=True)) == sorted(
        [tambov.slug, other.slug]
    )
    assert Competency.objects.get(name="Разведение пчёл").is_approved is False

    lines = error_report_rows(member_import)
    assert lines[0][0] == "Строка файла" and lines[0][-1] == "Причина"
    assert [(line[0], line[-1]) for line in lines[1:]] == [
        (4, "Дата рождения: Такой даты нет: «31.02.1980»."),
        (5, "Повтор строки 2."),
        (6, "Неверный номер телефона «12345»: нужен российский номер из 10 цифр после +7."),
        (7, "Не указаны фамилия и имя."),
    ]
    assert lines[1][2] == "Кузнецов Олег Иванович" and lines[1][3] == "31.02.1980"

    snapshot = sorted(
        Person.objects.values_list("pk", "occupation", "workplace", "phone", "search_text")
    )
    again = committed(coordinator, create(coordinator, tambov), "update")
    assert (again.created, again.matched, again.updated, again.errors) == (0, 3, 0, 4)
    assert (
        sorted(Person.objects.values_list("pk", "occupation", "workplace", "phone", "search_text"))
        == snapshot
    )
    assert Membership.objects.count() == 4

    member_import = undone(coordinator, member_import)
    assert AuditEntry.objects.get(comment="загрузка отменена").after == {
        "status": "undone",
        "removed_persons": 2,
    }
    assert list(Person.objects.values_list("pk", flat=True)) == [existing.pk]
    existing.refresh_from_db()
    assert (existing.occupation, existing.workplace) == ("", "")
    assert list(existing.memberships.values_list("association__slug", flat=True)) == [other.slug]
    assert not Competency.objects.filter(name="Разведение пчёл").exists()
    member_import.refresh_from_db()
    assert member_import.status == ImportStatus.UNDONE
    with pytest.raises(ValidationError):
        importing.import_undo(actor=coordinator, member_import=member_import)


@pytest.mark.django_db
def test_skip_leaves_matches_untouched(coordinator, tambov):
    existing = make_person("Сидорова", "Анна", "", birth_date="12.03.1985")
    done = committed(coordinator, create(coordinator, tambov), "skip")
    existing.refresh_from_db()
    assert existing.occupation == "" and done.updated == 0 and done.matched == 1
    assert existing.memberships.filter(association=tambov).exists()


@pytest.mark.django_db
def test_xlsx_with_date_cells_utf8_comma_and_separate_name_columns(coordinator, tambov):
    rows = [
        ["Фамилия", "Имя", "Отчество", "Дата рождения", "Телефон", "E-mail", "Интересы"],
        [
            "Иванов",
            "Иван",
            "Иванович",
            datetime.datetime(1970, 5, 1),
            89161112233,
            "ivan@example.org",
            "Волонтёрство",
        ],
        ["Петрова", "Ольга", "", 29586, "", "", ""],
    ]
    member_import = create(coordinator, tambov, rows, name="list.xlsx")
    data = [r.data for r in member_import.rows.order_by("number")]
    assert data[0]["birth_date"] == "1970-05-01" and data[0]["phone"] == "+79161112233"
    assert data[0]["interests"] == ["Волонтёрство"]
    assert data[1]["birth_date"] == "1980-12-31"
    utf8 = create(
        coordinator,
        tambov,
        rows[:1] + [["Сергеев", "Сергей", "", "1.2.1960", "", "", ""]],
        encoding="utf-8",
        delimiter=",",
    )
    assert utf8.rows.get().data["birth_date"] == "1960-02-01"


@pytest.mark.django_db
def test_mapping_adjusted_saved_and_reused(coordinator, tambov):
    rows = [["Участник", "Когда родился", "Контакт"], ["Иванов Иван", "01.01.1970", "89160000000"]]
    member_import = create(coordinator, tambov, rows)
    assert member_import.mapping == {"0": "full_name", "1": "", "2": ""}
    with pytest.raises(ValidationError) as info:
        importing.import_set_mapping(
            actor=coordinator, member_import=member_import, mapping={"0": "phone", "1": "phone"}
        )
    assert "mapping" in info.value.message_dict
    with run_tasks():
        queued = importing.import_set_mapping(
            actor=coordinator,
            member_import=member_import,
            mapping={"0": "full_name", "1": "birth_date", "2": "phone"},
            save=True,
        )
        assert (queued.status, queued.rows.count()) == ("reading", 1)  # rebuilt in the task
    member_import.refresh_from_db()
    assert (member_import.status, member_import.total) == ("preview", 1)
    row = member_import.rows.get()
    assert row.data["birth_date"] == "1970-01-01" and row.data["phone"] == "+79160000000"
    assert ImportMapping.objects.get(association=tambov).mapping == {
        "участник": "full_name",
        "когда родился": "birth_date",
        "контакт": "phone",
    }
    second = create(coordinator, tambov, rows)
    assert second.mapping == {"0": "full_name", "1": "birth_date", "2": "phone"}


@pytest.mark.django_db
def test_unreadable_files_are_refused_in_russian(coordinator, tambov):
    with pytest.raises(ValidationError) as info:
        importing.import_create(
            actor=coordinator, association=tambov, file_name="list.pdf", content=b"%PDF-1.4"
        )
    assert info.value.message_dict == {
        "file": [
            "Нужен файл XLSX или CSV, а этот по содержимому — документ PDF. "
            "Сохраните список как «Книга Excel (.xlsx)» или как CSV и загрузите ещё раз."
        ]
    }
    with pytest.raises(ValidationError) as info:
        importing.import_create(
            actor=coordinator, association=tambov, file_name="list.xlsx", content=b"PK broken"
        )
    assert info.value.message_dict == {
        "file": [
            "Файл не похож на таблицу Excel (.xlsx): он повреждён или другого вида. "
            "Сохраните список как «Книга Excel (.xlsx)» или как CSV и загрузите ещё раз."
        ]
    }
    assert MemberImport.objects.count() == 0
    # Which column holds the names is known only once the file is read: the import then
    # waits for the mapping, with the reason.
    unmapped = create(coordinator, tambov, [["Телефон"], ["89160000000"]])
    assert (unmapped.status, unmapped.failure, unmapped.rows.count()) == (
        "mapping",
        "Укажите столбец «ФИО полностью» или столбцы «Фамилия» и «Имя».",
        0,
    )
    with run_tasks():
        importing.import_set_mapping(
            actor=coordinator, member_import=unmapped, mapping={"0": "full_name"}
        )
    unmapped.refresh_from_db()
    assert (unmapped.status, unmapped.failure, unmapped.preview_errors) == ("preview", "", 1)


@pytest.mark.django_db
def test_commit_twice_is_refused(coordinator, tambov):
    member_import = committed(coordinator, create(coordinator, tambov), "fill")
    with pytest.raises(ValidationError):
        committed(coordinator, member_import, "fill")
    assert Person.objects.count() == 3
