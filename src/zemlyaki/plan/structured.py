"""Reading a plan from structured files: YAML and XLSX. Pure functions: no database."""

import datetime
import io
from typing import Any

from django.utils.translation import gettext as _

from .models import TaskStatus
from .parsed import NUMBER_LIST_RE, LineError, ParsedPlan, ParsedTask, PlanParseError, parse_date

_STATUS_NAMES = {str(label).casefold(): value for value, label in TaskStatus.choices} | {
    value: value for value in TaskStatus.values
}


def _status(value: Any, line: int, errors: list[LineError]) -> str:
    if value in (None, ""):
        return TaskStatus.NOT_STARTED
    key = str(value).strip().casefold()
    if key in _STATUS_NAMES:
        return _STATUS_NAMES[key]
    allowed = ", ".join(str(label) for label in TaskStatus.labels)
    errors.append(
        LineError(
            line,
            _("неизвестное состояние «%(value)s»; допустимы: %(allowed)s")
            % {"value": value, "allowed": allowed},
        )
    )
    return TaskStatus.NOT_STARTED


def _date_value(value: Any, line: int, errors: list[LineError]) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    try:
        return parse_date(text)
    except ValueError as exc:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            errors.append(LineError(line, str(exc)))
            return None


def _number_list(value: Any) -> tuple[str, ...]:
    if value in (None, ""):
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v).strip().rstrip(".") for v in value if str(v).strip())
    return tuple(NUMBER_LIST_RE.findall(str(value)))


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip().rstrip(".")


class _LineLoader:
    """A YAML SafeLoader that remembers the line of every mapping (as ``__line__``)."""

    @staticmethod
    def make() -> Any:
        import yaml

        class Loader(yaml.SafeLoader):
            pass

        def construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
            mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
            mapping["__line__"] = node.start_mark.line + 1
            return mapping

        Loader.add_constructor(
            yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
            construct_mapping,  # type: ignore[arg-type]  # PyYAML's stubs type the constructor narrowly
        )
        return Loader


def parse_plan_yaml(text: str) -> ParsedPlan:
    """A plan in YAML::

    title: План подготовки
    ordered: true            # items depend on the items above them
    tasks:
      - number: 1
        title: Сформировать рабочую группу
        due: 15.10.2023      # or 2023-10-15
        owner_body: Рабочая группа
        owner_person: Иванов Иван Иванович
        depends_on: [1, 2]
        status: в работе
        description: ...
    """
    import yaml

    try:
        data = yaml.load(text, Loader=_LineLoader.make())  # noqa: S506 (SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise PlanParseError([LineError(line, _("файл не читается как YAML"))]) from None
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list):
        raise PlanParseError(
            [LineError(0, _("В файле YAML нужен список «tasks» с пунктами плана."))]
        )
    ordered = bool(data.get("ordered", False))
    plan = ParsedPlan(
        title=str(data.get("title") or "").strip(),
        description=str(data.get("description") or "").strip(),
    )
    errors: list[LineError] = []
    for position, item in enumerate(data["tasks"]):
        if not isinstance(item, dict):
            errors.append(LineError(0, _("пункт %(n)s — не набор полей") % {"n": position + 1}))
            continue
        line = int(item.get("__line__", 0))
        number = _number(item.get("number"))
        title = str(item.get("title") or "").strip()
        if not number:
            errors.append(LineError(line, _("не указан номер пункта (number)")))
        if not title:
            errors.append(LineError(line, _("не указано название пункта (title)")))
        depends = _number_list(item.get("depends_on"))
        plan.tasks.append(
            ParsedTask(
                line=line,
                number=number,
                title=title,
                due_date=_date_value(item.get("due", item.get("due_date")), line, errors),
                start_date=_date_value(item.get("start", item.get("start_date")), line, errors),
                description=str(item.get("description") or "").strip(),
                follows_previous=ordered and position > 0 and "depends_on" not in item,
                depends_on=depends,
                owner_body=str(item.get("owner_body") or "").strip(),
                owner_person=str(item.get("owner_person") or "").strip(),
                status=_status(item.get("status"), line, errors),
            )
        )
    if not plan.tasks and not errors:
        errors.append(LineError(0, _("В списке «tasks» нет ни одного пункта.")))
    if errors:
        raise PlanParseError(errors)
    return plan


XLSX_COLUMNS = {
    "number": ("номер", "№", "n", "number"),
    "title": ("мероприятие", "название", "задача", "title"),
    "description": ("описание", "примечание", "примечания", "description"),
    "start_date": ("начало", "start"),
    "due_date": ("срок", "дата", "due", "due_date"),
    "owner_body": ("ответственный орган", "орган", "owner_body"),
    "owner_person": ("ответственный", "исполнитель", "owner_person"),
    "depends_on": ("зависит от", "зависимости", "depends_on"),
    "status": ("состояние", "статус", "status"),
}


def parse_plan_xlsx(data: bytes) -> ParsedPlan:
    """A plan as a worksheet: a header row (Номер, Мероприятие, Срок, Ответственный орган,
    Ответственный, Зависит от, Состояние, Описание) and one task per row."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise PlanParseError([LineError(0, _("файл не читается как таблица XLSX"))]) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise PlanParseError([LineError(1, _("в таблице нет строки заголовков"))])
    names = [str(h or "").strip().casefold() for h in header]
    columns: dict[str, int] = {}
    for key, aliases in XLSX_COLUMNS.items():
        for index, name in enumerate(names):
            if name in aliases:
                columns[key] = index
                break
    missing = [XLSX_COLUMNS[k][0] for k in ("number", "title") if k not in columns]
    if missing:
        raise PlanParseError(
            [
                LineError(
                    1,
                    _("в заголовке нет столбцов: %(names)s")
                    % {"names": ", ".join(f"«{m.capitalize()}»" for m in missing)},
                )
            ]
        )

    def cell(row: tuple[Any, ...], key: str) -> Any:
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    plan = ParsedPlan(title=str(sheet.title or "").strip())
    errors: list[LineError] = []
    for line, row in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in row):
            continue
        number = _number(cell(row, "number"))
        title = str(cell(row, "title") or "").strip()
        if not number:
            errors.append(LineError(line, _("не указан номер пункта")))
        if not title:
            errors.append(LineError(line, _("не указано название мероприятия")))
        plan.tasks.append(
            ParsedTask(
                line=line,
                number=number,
                title=title,
                description=str(cell(row, "description") or "").strip(),
                start_date=_date_value(cell(row, "start_date"), line, errors),
                due_date=_date_value(cell(row, "due_date"), line, errors),
                owner_body=str(cell(row, "owner_body") or "").strip(),
                owner_person=str(cell(row, "owner_person") or "").strip(),
                depends_on=_number_list(cell(row, "depends_on")),
                follows_previous=False,
                status=_status(cell(row, "status"), line, errors),
            )
        )
    book.close()
    if not plan.tasks and not errors:
        errors.append(LineError(0, _("В таблице нет ни одного мероприятия.")))
    if errors:
        raise PlanParseError(errors)
    if plan.title.casefold() in {"sheet", "sheet1", "лист1"}:
        plan.title = ""
    return plan
