"""Importing a plan from a file: the preview (what the file says, the bodies its items
name matched to the working bodies, what was cleaned) and the import itself.

The web import shows the preview before anything is saved: the parsed plan travels
between the preview and the confirmation signed (``preview_token``/``preview_read``), so
nothing is stored until the person confirms, and the confirmation creates exactly the
previewed tasks with the bodies and dates the person chose.
"""

import dataclasses
import datetime
from collections import defaultdict
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zemlyaki.core.actors import Actor
from zemlyaki.core.text import fold, lemmas
from zemlyaki.governance.models import Body, BodyKind

from .models import Plan, PlanSource, Task
from .parsed import LineError, ParsedPlan, ParsedTask
from .services import plan_create, task_create

SALT = "zemlyaki.plan.import-preview"
PREVIEW_MAX_AGE = 24 * 60 * 60  # a preview left overnight is read again


# ---- bodies named in the items' text ------------------------------------------------


def _kind_label(kind: str) -> str:
    return str(BodyKind(kind).label)


PLAN_FILE_MAX_BYTES = 5 * 1024 * 1024
PLAN_FILE_SUFFIXES = (".txt", ".text", ".yaml", ".yml", ".xlsx")


def check_plan_file(name: str, size: int) -> None:
    """Refuse a plan file that is too big or of a kind no reader knows (page and API alike)."""
    if size > PLAN_FILE_MAX_BYTES:
        raise ValidationError({"file": [_("Файл больше 5 МБ.")]})
    if not name.casefold().endswith(PLAN_FILE_SUFFIXES):
        raise ValidationError({"file": [_("Поддерживаются файлы .txt, .yaml, .yml и .xlsx.")]})


def suggest_bodies(parsed: ParsedPlan) -> None:
    """Propose the body of every task whose text names one («рабочей группе»): the only
    body of that kind, or of several the one whose whole name is in the item's words.
    A name that matches no body, or several, is a warning; the person chooses. A body
    named in a column of the file (``owner_body``) is looked up by its name or kind."""
    named = [t for t in parsed.tasks if t.owner_body and not t.owner_body_id]
    lookup = _body_lookup() if named else {}
    for task in named:
        body = lookup.get(fold(task.owner_body))
        if body is not None:
            task.owner_body_id = body.pk
        else:
            parsed.warnings.append(
                LineError(
                    task.line,
                    _("орган «%(name)s» не найден среди органов: выберите ответственный орган")
                    % {"name": task.owner_body},
                )
            )
    waiting = [t for t in parsed.tasks if t.owner_kind and not t.owner_body and not t.owner_body_id]
    by_kind: dict[str, list[Body]] = defaultdict(list)
    kinds = {t.owner_kind for t in waiting}
    for body in Body.objects.filter(kind__in=kinds).order_by("name") if kinds else []:
        by_kind[body.kind].append(body)
    for task in waiting:
        candidates = by_kind.get(task.owner_kind, [])
        if len(candidates) > 1:
            words = set(lemmas(task.title))
            candidates = [b for b in candidates if set(lemmas(b.name)) <= words] or candidates
        values = {"words": task.owner_mention, "kind": _kind_label(task.owner_kind)}
        if len(candidates) == 1:
            task.owner_body_id = candidates[0].pk
            continue
        if candidates:
            message = _(
                "в тексте назван орган «%(words)s», органов вида «%(kind)s» несколько: "
                "выберите ответственный орган"
            )
        else:
            message = _(
                "в тексте назван орган «%(words)s», но органа вида «%(kind)s» нет: "
                "выберите ответственный орган или оставьте пустым"
            )
        parsed.warnings.append(LineError(task.line, message % values))
    parsed.warnings.sort(key=lambda w: w.line)


# ---- the preview travels signed ----------------------------------------------------------

_DATE_FIELDS = ("due_date", "start_date", "stated_due_date")


def preview_token(parsed: ParsedPlan, source: str) -> str:
    """The parsed plan as a signed string for the preview form: it cannot be altered."""
    tasks = []
    for task in parsed.tasks:
        data = dataclasses.asdict(task)
        for name in _DATE_FIELDS:
            data[name] = data[name].isoformat() if data[name] else None
        data["depends_on"] = list(task.depends_on)
        tasks.append(data)
    payload = {
        "source": source,
        "title": parsed.title,
        "description": parsed.description,
        "tasks": tasks,
        "warnings": [[w.line, w.message] for w in parsed.warnings],
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def preview_read(token: str) -> tuple[str, ParsedPlan]:
    """``(source, parsed)`` back from ``preview_token``; ValidationError if it was altered
    or is older than a day."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(
            _("Предпросмотр устарел или повреждён: загрузите файл ещё раз."), code="stale"
        ) from None
    tasks = []
    for data in payload["tasks"]:
        for name in _DATE_FIELDS:
            data[name] = datetime.date.fromisoformat(data[name]) if data[name] else None
        data["depends_on"] = tuple(data["depends_on"])
        tasks.append(ParsedTask(**data))
    parsed = ParsedPlan(
        title=payload["title"],
        description=payload["description"],
        tasks=tasks,
        warnings=[LineError(line, message) for line, message in payload["warnings"]],
    )
    return payload["source"], parsed


# ---- the import ------------------------------------------------------------------------


def _owner_body(item: ParsedTask, chosen: dict[Any, Body], bodies: dict[str, Any]) -> Any:
    if item.owner_body_id:
        return chosen[item.owner_body_id]
    return bodies.get(fold(item.owner_body)) if item.owner_body else None


def _body_lookup() -> dict[str, Any]:
    bodies = list(Body.objects.all())
    lookup: dict[str, Any] = {fold(b.name): b for b in bodies}
    by_kind: dict[str, list[Any]] = defaultdict(list)
    for body in bodies:
        by_kind[fold(str(body.get_kind_display()))].append(body)
    for label, same in by_kind.items():
        if len(same) == 1:
            lookup.setdefault(label, same[0])
    return lookup


def _person_lookup(names: set[str]) -> dict[str, Any]:
    from zemlyaki.people.models import Person

    last_names: set[str] = set()
    for name in names:
        first_word = name.split()[0] if name.split() else ""
        if first_word:
            last_names |= {first_word, first_word.capitalize(), first_word.upper()}
    found: dict[str, dict[int, Any]] = defaultdict(dict)
    for person in Person.objects.filter(last_name__in=last_names):
        found[fold(person.full_name)][person.pk] = person
        found[fold(f"{person.last_name} {person.first_name}")][person.pk] = person
    return {key: next(iter(same.values())) for key, same in found.items() if len(same) == 1}


@transaction.atomic
def plan_import(
    *,
    actor: Actor | None,
    parsed: ParsedPlan,
    title: str = "",
    source: str = PlanSource.TEXT,
    is_main: bool = False,
    is_demo: bool = False,
) -> Plan:
    """Create a plan from a parsed file. The body of a task is the one chosen in the
    preview (``owner_body_id``) or the one its name matches; names of bodies and persons
    must match existing records, numbers in dependencies must be items of the same file;
    otherwise nothing is created and the ValidationError lists the lines."""
    errors: list[str] = []
    bodies = _body_lookup() if any(t.owner_body for t in parsed.tasks) else {}
    chosen_ids = {t.owner_body_id for t in parsed.tasks if t.owner_body_id}
    chosen = Body.objects.in_bulk(chosen_ids) if chosen_ids else {}
    person_names = {t.owner_person for t in parsed.tasks if t.owner_person}
    people = _person_lookup(person_names) if person_names else {}
    numbers = {t.number for t in parsed.tasks}

    def where(line: int) -> str:
        return _("Строка %(line)s: ") % {"line": line} if line else ""

    for item in parsed.tasks:
        if item.owner_body_id and item.owner_body_id not in chosen:
            errors.append(where(item.line) + _("выбранный орган не найден среди органов."))
        elif item.owner_body and not item.owner_body_id and fold(item.owner_body) not in bodies:
            errors.append(
                where(item.line)
                + _("орган «%(name)s» не найден среди органов.") % {"name": item.owner_body}
            )
        if item.owner_person and fold(item.owner_person) not in people:
            errors.append(
                where(item.line)
                + _("участник «%(name)s» не найден или найден не один.")
                % {"name": item.owner_person}
            )
        for number in item.depends_on:
            if number not in numbers:
                errors.append(
                    where(item.line)
                    + _("пункт зависит от пункта %(number)s, которого нет в плане.")
                    % {"number": number}
                )
    final_title = (title or parsed.title or "").strip()
    if not final_title:
        errors.append(_("Укажите название плана."))
    if errors:
        raise ValidationError({"file": errors})

    plan = plan_create(
        actor=actor,
        title=final_title,
        description=parsed.description,
        source=source,
        is_main=is_main,
        is_demo=is_demo,
    )
    created: list[tuple[Task, tuple[str, ...]]] = []
    by_number: dict[str, list[Task]] = defaultdict(list)
    for position, item in enumerate(parsed.tasks, start=1):
        task = task_create(
            actor=actor,
            plan=plan,
            number=item.number,
            title=item.title,
            due_date=item.due_date,
            owner_body=_owner_body(item, chosen, bodies),
            owner_person=people.get(fold(item.owner_person)) if item.owner_person else None,
            description=item.description,
            start_date=item.start_date,
            status=item.status,
            follows_previous=item.follows_previous,
            position=position,
            is_demo=is_demo,
        )
        created.append((task, item.depends_on))
        by_number[task.number].append(task)
    for task, depends in created:
        targets = [t for number in depends for t in by_number[number] if t.pk != task.pk]
        if targets:
            task.depends_on.set(targets)
    return plan
