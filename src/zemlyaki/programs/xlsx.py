"""XLSX exports: a program's needs and pledges, and the balance of all programs."""

import io
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import balance, selectors
from .models import Program

if TYPE_CHECKING:
    from openpyxl import Workbook

# openpyxl (with numpy behind it) is imported when a workbook is made, not with the views:
# a web worker that never exports does not carry it.


def _sheet(book: "Workbook", title: str, headers: list[str], rows: list[list[Any]]) -> None:
    from openpyxl.styles import Font

    sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column, header in zip(sheet.columns, headers, strict=False):
        sheet.column_dimensions[column[0].column_letter].width = max(12, len(header) + 4)


def _balance_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        [
            r["kind_name"],
            r["unit_name"],
            r["needed"],
            r["pledged"],
            r["confirmed"],
            r["delivered"],
            r["gap"],
            _("да") if r["over"] else "",
        ]
        for r in rows
    ]


BALANCE_HEADERS = [
    gettext_lazy("Вид ресурса"),
    gettext_lazy("Единица"),
    gettext_lazy("Нужно"),
    gettext_lazy("Обещано"),
    gettext_lazy("Подтверждено"),
    gettext_lazy("Выполнено"),
    gettext_lazy("Не покрыто"),
    gettext_lazy("Сверх потребности"),
]


def _save(book: "Workbook") -> bytes:
    del book[book.sheetnames[0]]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def program_workbook(program: Program, *, sees_contacts: bool) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    needs = [
        [
            row["need"].get_kind_display(),
            row["need"].description,
            row["need"].quantity,
            row["need"].get_unit_display(),
            row["need"].needed_by,
            row["pledged"],
            row["confirmed"],
            row["delivered"],
        ]
        for row in balance.need_rows(program)
    ]
    _sheet(
        book,
        _("Потребности"),
        [
            _("Вид"),
            _("Описание"),
            _("Нужно"),
            _("Единица"),
            _("К дате"),
            _("Обещано"),
            _("Подтверждено"),
            _("Выполнено"),
        ],
        needs,
    )
    pledges = []
    for p in selectors.pledge_list(program=program):
        giver = (
            str(p.source) if (sees_contacts or p.person_id is None) else _("участник землячества")
        )
        pledges.append(
            [
                giver,
                p.get_kind_display(),
                p.quantity,
                p.get_unit_display(),
                p.get_status_display(),
                p.delivered_quantity,
                p.contact if sees_contacts else "",
            ]
        )
    _sheet(
        book,
        _("Обязательства"),
        [
            _("Кто"),
            _("Вид"),
            _("Количество"),
            _("Единица"),
            _("Состояние"),
            _("Передано"),
            _("Контакт"),
        ],
        pledges,
    )
    _sheet(
        book,
        _("Баланс"),
        [str(h) for h in BALANCE_HEADERS],
        _balance_rows(balance.balance_of_program(program)),
    )
    return _save(book)


def balance_workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    _sheet(
        book,
        _("Баланс"),
        [str(h) for h in BALANCE_HEADERS],
        _balance_rows(balance.balance_of_strategy()),
    )
    return _save(book)
