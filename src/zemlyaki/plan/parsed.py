"""What the readers of plan files give: tasks, warnings and errors. Pure: no database."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import TaskStatus


@dataclass(frozen=True)
class LineError:
    """A message about one line of the file (``line`` 0: about the whole file)."""

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
    # What the reader found in the item's words (shown in the preview to be confirmed):
    owner_kind: str = ""  # a governance.BodyKind value named in the text
    owner_mention: str = ""  # the words as written, e.g. «рабочей группе»
    owner_body_id: int | None = None  # the body chosen for the task
    inner_deadline: str = ""  # e.g. «не позднее 1 октября»
    stated_due_date: datetime.date | None = None  # the item's trailing date, when replaced


@dataclass
class ParsedPlan:
    title: str = ""
    description: str = ""
    tasks: list[ParsedTask] = field(default_factory=list)
    # What the reader cleaned or changed, line by line: shown before anything is saved.
    warnings: list[LineError] = field(default_factory=list)


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


NUMBER_LIST_RE = re.compile(r"\d{1,3}(?:\.\d{1,3})*")
