"""Reading a plan from numbered plain text, YAML or XLSX. Pure functions: no database.

Plain text is the form the seed proposal uses::

    1. Сформировать рабочую группу разработки Стратегии - 15.10.2023;
    3. Собрать годовые отчёты землячеств - 01.02.2023;
    (Материалы направить в редакционную группу.)

An item is «N. Title - DD.MM.YYYY;» (the dash may be «-», «–» or «—», the date may be
missing, the line may end with «;» or «.»). Lines in parentheses after an item are its
notes. Items of a numbered list follow each other: each depends on the items above it
unless a note says otherwise — «(зависит от 1, 2)» names its dependencies instead, and
«(независимо)» frees it. Lines before the first item are a heading and are skipped;
word-processor artefacts such as «[bookmark: _GoBack]» are dropped.
"""

import datetime
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .models import TaskStatus


@dataclass(frozen=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return _("Строка %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


class PlanParseError(ValueError):
    """The file could not be read; ``errors`` says what is wrong on which line."""

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class ParsedTask:
    line: int
    number: str
    title: str
    due_date: datetime.date | None = None
    description: str = ""
    follows_previous: bool = True
    depends_on: tuple[str, ...] = ()
    owner_body: str = ""
    owner_person: str = ""
    status: str = TaskStatus.NOT_STARTED
    start_date: datetime.date | None = None


@dataclass
class ParsedPlan:
    title: str = ""
    description: str = ""
    tasks: list[ParsedTask] = field(default_factory=list)


_ARTEFACT_RE = re.compile(r"\[(?:bookmark|закладка)[^\]]*\]", re.IGNORECASE)
_ITEM_RE = re.compile(r"^\s*(?P<number>\d{1,3}(?:\.\d{1,3})*)[.)]\s+(?P<rest>\S.*)$")
_DATE_TAIL_RE = re.compile(
    r"\s*[-–—]\s*(?P<date>\d{1,2}\s*\.\s*\d{1,2}\s*\.\s*\d{2,4})\s*[;.]?\s*$"
)
_BARE_DATE_TAIL_RE = re.compile(r"[-–—]\s*(?P<date>[\d.]{6,})\s*[;.]?\s*$")
_DEPENDS_RE = re.compile(
    r"^\(?\s*зависит\s+от\s*(?:пункт\w*)?\s*:?\s*(?P<list>[\d.,;\sи]+)\)?\s*\.?$"
)
_INDEPENDENT_RE = re.compile(
    r"^\(?\s*(?:независимо|не\s+зависит(?:\s+от\s+пунктов\s+выше)?)\s*\)?\.?$"
)
_NUMBER_LIST_RE = re.compile(r"\d{1,3}(?:\.\d{1,3})*")


def parse_date(text: str) -> datetime.date:
    """«15.10.2023» → date; raises ValueError with a Russian message."""
    value = re.sub(r"\s+", "", text).strip(".")
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value)
    if not match:
        raise ValueError(_("дата «%(date)s» не в виде ДД.ММ.ГГГГ") % {"date": text.strip()})
    day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(_("такой даты нет: «%(date)s»") % {"date": text.strip()}) from None


def _clean_title(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(";").rstrip().rstrip(".").rstrip()


def _apply_note(task: ParsedTask, note: str) -> None:
    """A note either sets the dependencies or is kept as the task's description."""
    flat = re.sub(r"\s+", " ", note).strip()
    depends = _DEPENDS_RE.match(flat.casefold())
    if depends:
        task.depends_on = tuple(_NUMBER_LIST_RE.findall(depends.group("list")))
        task.follows_previous = False
        return
    if _INDEPENDENT_RE.match(flat.casefold()):
        task.follows_previous = False
        return
    inner = flat[1:-1].strip() if flat.startswith("(") and flat.endswith(")") else flat
    task.description = f"{task.description}\n{inner}".strip() if task.description else inner


def parse_plan_text(text: str) -> list[ParsedTask]:
    """The tasks of a numbered plain-text plan; raises PlanParseError listing bad lines."""
    tasks: list[ParsedTask] = []
    errors: list[LineError] = []
    note: list[str] = []
    note_line = 0
    current: ParsedTask | None = None

    def close_note() -> None:
        nonlocal note
        if note and current is not None:
            _apply_note(current, " ".join(note))
        note = []

    for index, raw in enumerate(text.splitlines(), start=1):
        line = _ARTEFACT_RE.sub("", raw).replace("\ufeff", "").replace("\xa0", " ").strip()
        if note:
            note.append(line)
            if line.endswith(")") or line.endswith(").") or line.endswith(");"):
                close_note()
            continue
        if not line:
            continue
        item = _ITEM_RE.match(line)
        if item:
            rest = item.group("rest")
            due: datetime.date | None = None
            tail = _DATE_TAIL_RE.search(rest)
            if tail:
                try:
                    due = parse_date(tail.group("date"))
                except ValueError as exc:
                    errors.append(LineError(index, str(exc)))
                rest = rest[: tail.start()]
            else:
                bare = _BARE_DATE_TAIL_RE.search(rest)
                if bare:
                    errors.append(
                        LineError(
                            index,
                            _("дата «%(date)s» не в виде ДД.ММ.ГГГГ")
                            % {"date": bare.group("date")},
                        )
                    )
                    rest = rest[: bare.start()]
            title = _clean_title(rest)
            if not title:
                errors.append(LineError(index, _("у пункта нет названия")))
            current = ParsedTask(
                line=index,
                number=item.group("number").rstrip("."),
                title=title,
                due_date=due,
                follows_previous=bool(tasks),
            )
            tasks.append(current)
            continue
        if line.startswith("("):
            if current is None:
                continue  # a note to the heading
            note, note_line = [line], index
            if line.endswith(")") or line.endswith(").") or line.endswith(");"):
                close_note()
            continue
        if current is None:
            continue  # heading before the list
        errors.append(
            LineError(
                index,
                _(
                    "строка не похожа на пункт плана «N. Название - ДД.ММ.ГГГГ;» "
                    "и не является примечанием в скобках"
                ),
            )
        )
    if note:
        errors.append(LineError(note_line, _("не закрыта скобка примечания")))
    if not tasks and not errors:
        errors.append(
            LineError(0, _("Не найдено ни одного пункта вида «1. Название - ДД.ММ.ГГГГ;»."))
        )
    if errors:
        raise PlanParseError(errors)
    return tasks


# ---- structured files ------------------------------------------------------------

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
    return tuple(_NUMBER_LIST_RE.findall(str(value)))


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
            construct_mapping,  # type: ignore[arg-type]
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


def parse_plan_file(name: str, data: bytes) -> tuple[str, ParsedPlan]:
    """Pick the reader by the file's name: ``(source, plan)`` where source is text, yaml or xlsx."""
    lower = name.casefold()
    if lower.endswith(".xlsx"):
        return "xlsx", parse_plan_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError:
            raise PlanParseError(
                [LineError(0, _("Не удалось прочитать файл: нужна кодировка UTF-8."))]
            ) from None
    if lower.endswith((".yaml", ".yml")):
        return "yaml", parse_plan_yaml(text)
    return "text", ParsedPlan(tasks=parse_plan_text(text))
