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
word-processor artefacts such as «[bookmark: _GoBack]» are dropped. Every such cleaning
and a repeated item number is a warning of its line. The body an item names («рабочей
группе», in any case) and a deadline inside its text («не позднее 1 октября», which
becomes the due date, also told as a warning) are read for a person to confirm before
anything is saved.
"""

import collections
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zemlyaki.core.encoding import decode_text

from .parsed import NUMBER_LIST_RE, LineError, ParsedPlan, ParsedTask, PlanParseError, parse_date
from .structured import parse_plan_xlsx, parse_plan_yaml
from .wording import body_mentions, inner_deadline

__all__ = [
    "LineError",
    "ParsedPlan",
    "ParsedTask",
    "PlanParseError",
    "parse_date",
    "parse_plan_file",
    "parse_plan_text",
    "parse_plan_xlsx",
    "parse_plan_yaml",
    "read_plan_text",
]


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


def _clean_title(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(";").rstrip().rstrip(".").rstrip()


def _apply_note(task: ParsedTask, note: str) -> None:
    """A note either sets the dependencies or is kept as the task's description."""
    flat = re.sub(r"\s+", " ", note).strip()
    depends = _DEPENDS_RE.match(flat.casefold())
    if depends:
        task.depends_on = tuple(NUMBER_LIST_RE.findall(depends.group("list")))
        task.follows_previous = False
        return
    if _INDEPENDENT_RE.match(flat.casefold()):
        task.follows_previous = False
        return
    inner = flat[1:-1].strip() if flat.startswith("(") and flat.endswith(")") else flat
    task.description = f"{task.description}\n{inner}".strip() if task.description else inner


_INVISIBLE = {
    "\ufeff": "U+FEFF",
    "\xa0": "U+00A0",
    "\u200b": "U+200B",
    "\u00ad": "U+00AD",
}


def _clean_line(raw: str, index: int, warnings: list[LineError]) -> str:
    """The line without word-processor artefacts and invisible characters; each removal is
    a warning of its line."""
    line = raw
    for mark in _ARTEFACT_RE.findall(line):
        warnings.append(
            LineError(
                index,
                _("удалена служебная пометка текстового редактора «%(mark)s»") % {"mark": mark},
            )
        )
    line = _ARTEFACT_RE.sub("", line)
    codes = [code for char, code in _INVISIBLE.items() if char in line]
    if codes:
        warnings.append(
            LineError(
                index,
                _("невидимые символы (%(codes)s) заменены пробелом или убраны")
                % {"codes": ", ".join(codes)},
            )
        )
        line = line.replace("\xa0", " ")
        for char in ("\ufeff", "\u200b", "\u00ad"):
            line = line.replace(char, "")
    return line.strip()


def _skipped(index: int, line: str) -> LineError:
    shown = line if len(line) <= 80 else line[:79].rstrip() + "…"
    return LineError(
        index, _("строка до первого пункта пропущена как заголовок: «%(text)s»") % {"text": shown}
    )


def _plan_year(tasks: list[ParsedTask]) -> int | None:
    """The year most of the plan's dates fall in (the earliest of equals)."""
    years = collections.Counter(t.due_date.year for t in tasks if t.due_date)
    if not years:
        return None
    return min(years, key=lambda year: (-years[year], year))


def _read_words(tasks: list[ParsedTask], warnings: list[LineError]) -> None:
    """The body each item names and the deadline written inside its text."""
    year = _plan_year(tasks)
    for task in tasks:
        mentions = body_mentions(task.title)
        if mentions:
            task.owner_kind, task.owner_mention = mentions[0].kind, mentions[0].text
            if len({m.kind for m in mentions}) > 1:
                names = ", ".join(f"«{m.text}»" for m in mentions)
                warnings.append(
                    LineError(
                        task.line,
                        _(
                            "в тексте названо несколько органов (%(names)s): ответственным "
                            "предложен первый"
                        )
                        % {"names": names},
                    )
                )
        found = inner_deadline(task.title)
        if found is None:
            continue
        task.inner_deadline = found.text
        date = found.date(year)
        values = {"inner": found.text, "date": _d(date), "stated": _d(task.due_date)}
        if date is None:
            warnings.append(
                LineError(
                    task.line,
                    _("в тексте срок «%(inner)s», но даты из него не получить: срок не изменён")
                    % values,
                )
            )
            continue
        if task.due_date and task.due_date != date:
            task.stated_due_date = task.due_date
            note = _("Срок, указанный в конце пункта: %(stated)s.") % values
            task.description = f"{task.description}\n{note}".strip()
            message = _(
                "в тексте срок «%(inner)s»: сроком мероприятия взято %(date)s, дата в конце "
                "пункта %(stated)s записана в описание"
            )
        else:
            message = _("в тексте срок «%(inner)s»: сроком мероприятия взято %(date)s")
        task.due_date = date
        warnings.append(LineError(task.line, message % values))


def _d(value: datetime.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def _duplicates(tasks: list[ParsedTask], warnings: list[LineError]) -> None:
    first: dict[str, int] = {}
    for task in tasks:
        if task.number in first:
            warnings.append(
                LineError(
                    task.line,
                    _(
                        "номер пункта %(number)s уже был в строке %(first)s: пункт загружается "
                        "под тем же номером, проверьте нумерацию"
                    )
                    % {"number": task.number, "first": first[task.number]},
                )
            )
        else:
            first[task.number] = task.line


def parse_plan_text(text: str) -> list[ParsedTask]:
    """The tasks of a numbered plain-text plan; raises PlanParseError listing bad lines."""
    return read_plan_text(text).tasks


def read_plan_text(text: str) -> ParsedPlan:
    """A numbered plain-text plan with the warnings of what was cleaned or read from the
    items' words; raises PlanParseError listing bad lines."""
    tasks: list[ParsedTask] = []
    errors: list[LineError] = []
    warnings: list[LineError] = []
    note: list[str] = []
    note_line = 0
    current: ParsedTask | None = None

    def close_note() -> None:
        nonlocal note
        if note and current is not None:
            _apply_note(current, " ".join(note))
        note = []

    for index, raw in enumerate(text.splitlines(), start=1):
        line = _clean_line(raw, index, warnings)
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
        if current is None:
            warnings.append(_skipped(index, line))  # a heading (or its note) before the list
            continue
        if line.startswith("("):
            note, note_line = [line], index
            if line.endswith(")") or line.endswith(").") or line.endswith(");"):
                close_note()
            continue
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
    _duplicates(tasks, warnings)
    _read_words(tasks, warnings)
    warnings.sort(key=lambda w: w.line)
    return ParsedPlan(tasks=tasks, warnings=warnings)


def _with_duplicates(plan: ParsedPlan) -> ParsedPlan:
    _duplicates(plan.tasks, plan.warnings)
    return plan


def parse_plan_file(name: str, data: bytes) -> tuple[str, ParsedPlan]:
    """Pick the reader by the file's name: ``(source, plan)`` where source is text, yaml or xlsx."""
    lower = name.casefold()
    if lower.endswith(".xlsx"):
        return "xlsx", _with_duplicates(parse_plan_xlsx(data))
    try:
        text = decode_text(data)
    except ValidationError as error:
        raise PlanParseError([LineError(0, " ".join(error.messages))]) from None
    if lower.endswith((".yaml", ".yml")):
        return "yaml", _with_duplicates(parse_plan_yaml(text))
    return "text", read_plan_text(text)
