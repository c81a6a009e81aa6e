"""The role × permission table of ``docs/roles-and-permissions.md``, computed from the
django-rules permissions every app registers.

Each permission is evaluated for six representative users created inside a transaction
that is rolled back. A predicate that needs an object (a section, an association, an
event) cannot be answered without one, so predicates are evaluated in three-valued
logic: leaves that take no object answer yes or no; leaves that take an object answer
"depends on the object" unless they already hold without one; ``&``, ``|``, ``^`` and
``~`` combine these the way Kleene's logic does. A permission that depends on the
object is shown as «по объекту».
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import translation

from zemlyaki.core.visibility import LEAVES, rule_extent

from .powers import POWERS

DEPENDS = None  # the third truth value: depends on the object

# Predicates of powers are named "<prefix>power:<code>" (``has_power("plan.manage")`` is
# "has_power:plan.manage"); the table reads the codes from these names.
POWER_NAME = re.compile(r"(?<![\w.])\w*power:([\w.]+)")

YES = "да"
NO = "нет"
BY_OBJECT = "по объекту"

ROLES = [
    ("guest", "Гость"),
    ("member", "Участник"),
    ("body_member", "Член органа с полномочием"),
    ("leader", "Руководитель землячества объекта"),
    ("coordinator", "Координатор"),
    ("administrator", "Администратор"),
]

ACTIONS = {
    "view": "просмотр",
    "add": "создание",
    "change": "изменение",
    "delete": "удаление",
}

HEADER = """# Роли и разрешения

Таблица собрана из разрешений django-rules, которые регистрируют приложения платформы
(`rules.py` каждого приложения), командой `zemlyaki roles-table --write`. Править её руками
нельзя: тест `tests/governance/test_roles_table.py` строит таблицу заново и сравнивает с
этим файлом. Добавили или изменили разрешение — запустите команду и закоммитьте файл.

Как читать таблицу:

- **Гость** — посетитель без входа; **Участник** — вошедший пользователь с ролью
  «участник», не состоящий ни в одном органе; **Член органа с полномочием** — участник,
  действующий член органа, который обладает полномочиями из столбца «Полномочие»
  без ограничения объектом (если столбец пуст, это просто участник в составе органа);
  **Руководитель землячества объекта** — пользователь с ролью «руководитель землячества»;
  **Координатор** обладает всеми полномочиями рабочего процесса; **Администратор** — роль
  «администратор» без флага суперпользователя.
- **да** — разрешено для любого объекта; **нет** — запрещено для любого объекта;
  **по объекту** — ответ зависит от объекта: его состояния (раздел на рассмотрении,
  утверждённый документ, открытая регистрация), того, ограничено ли полномочие этим
  объектом (раздел, землячество, мероприятие), и того, руководит ли пользователь
  землячеством, к которому относится объект.
- Полномочия разрешения читаются из имён предикатов вида `…power:<код>`
  (`has_power("plan.manage")` из `governance.powers` называется `has_power:plan.manage`);
  приложение, которое пишет свой предикат полномочия, называет его так же.
- Предикаты вычисляются в трёхзначной логике: условие, которому нужен объект, даёт
  «по объекту», если не выполнено и без объекта; «и», «или», «не» сочетают ответы
  как в логике Клини. Пользователи для расчёта создаются в транзакции, которая
  откатывается, поэтому таблица не зависит от содержимого базы.
"""


def _closure(fn: Any) -> dict[str, Any]:
    names = fn.__code__.co_freevars
    return {
        name: cell.cell_contents for name, cell in zip(names, fn.__closure__ or (), strict=False)
    }


def evaluate(predicate: Any, user: Any) -> bool | None:
    """True, False, or None when the answer depends on the object."""
    fn = predicate.fn
    name = getattr(fn, "__name__", "")
    if name in {"AND", "OR", "XOR", "INVERT"} and fn.__closure__:
        parts = _closure(fn)
        left = evaluate(parts["self"], user)
        if name == "INVERT":
            return None if left is None else not left
        if name == "AND" and left is False:
            return False
        if name == "OR" and left is True:
            return True
        right = evaluate(parts["other"], user)
        if name == "AND":
            if right is False:
                return False
            return None if DEPENDS in (left, right) else True
        if name == "OR":
            if right is True:
                return True
            return None if DEPENDS in (left, right) else False
        return None if DEPENDS in (left, right) else left != right
    if predicate.name in LEAVES:
        # A model's visibility rule: its extent for the user, read from the query.
        return rule_extent(LEAVES[predicate.name], user)
    if predicate.num_args < 2:
        return predicate.test(user)
    try:
        result = predicate.test(user, None)
    except Exception:  # a predicate that cannot run without its object
        return DEPENDS
    if result:
        return True
    if POWER_NAME.search(predicate.name):
        # The representative users hold only unscoped powers: without one there is none.
        return False
    return DEPENDS


def power_codes(predicate: Any) -> list[str]:
    return sorted(set(POWER_NAME.findall(predicate.name)))


def zemlyaki_labels() -> list[str]:
    labels = []
    for app in settings.ZEMLYAKI_APPS:
        for config in apps.get_app_configs():
            if config.name == app:
                labels.append(config.label)
    return labels


def registered_permissions() -> dict[str, Any]:
    from rules.permissions import permissions

    labels = set(zemlyaki_labels())
    return {
        name: predicate
        for name, predicate in permissions.items()
        if name.split(".", 1)[0] in labels
    }


def describe(perm: str) -> str:
    label, codename = perm.split(".", 1)
    action, _, rest = codename.partition("_")
    verb = ACTIONS.get(action)
    try:
        config = apps.get_app_config(label)
    except LookupError:
        return ""
    models = {str(m._meta.model_name): m for m in config.get_models()}
    if verb and rest in models:
        return f"{verb}: {models[rest]._meta.verbose_name}"
    for model_name in sorted(models, key=len, reverse=True):
        if rest.endswith(model_name) and verb:
            return f"{verb}: {models[model_name]._meta.verbose_name} ({rest})"
    return ""


@contextmanager
def _role_users() -> Iterator[Any]:
    from zemlyaki.accounts.models import Role, User
    from zemlyaki.people.models import Person

    from .models import Body, BodyKind, BodyMember, Power

    with transaction.atomic():
        made: dict[str, Any] = {"guest": AnonymousUser()}
        for key, role in [
            ("member", Role.MEMBER),
            ("leader", Role.LEADER),
            ("coordinator", Role.COORDINATOR),
            ("administrator", Role.ADMINISTRATOR),
        ]:
            made[key] = User.objects.create(username=f"roles-table-{key}", role=role)
        cache: dict[tuple[str, ...], Any] = {}

        def body_member(codes: list[str]) -> Any:
            key = tuple(codes)
            if key not in cache:
                n = len(cache) + 1
                user = User.objects.create(username=f"roles-table-body-{n}", role=Role.MEMBER)
                person = Person.objects.create(last_name="Таблица", first_name=str(n), user=user)
                body = Body.objects.create(kind=BodyKind.OTHER, name=f"roles-table-{n}")
                for code in codes:
                    Power.objects.create(body=body, code=code)
                BodyMember.objects.create(body=body, person=person)
                cache[key] = user
            return cache[key]

        made["body_member"] = body_member
        try:
            yield made
        finally:
            transaction.set_rollback(True)


def _cell(value: bool | None) -> str:
    if value is None:
        return BY_OBJECT
    return YES if value else NO


def build_rows() -> list[dict[str, Any]]:
    perms = registered_permissions()
    rows = []
    with _role_users() as users:
        for name in sorted(perms):
            predicate = perms[name]
            codes = power_codes(predicate)
            cells = {}
            for key, _title in ROLES:
                user = users[key](codes) if key == "body_member" else users[key]
                cells[key] = _cell(evaluate(predicate, user))
            rows.append({"perm": name, "powers": codes, "cells": cells})
    return rows


def render() -> str:
    with translation.override("ru"):
        rows = build_rows()
        lines = [HEADER]
        lines.append("## Полномочия рабочих органов\n")
        lines.append("| Код | Полномочие |")
        lines.append("| --- | --- |")
        for code, label in POWERS.items():
            lines.append(f"| `{code}` | {label} |")
        lines.append("")
        labels = zemlyaki_labels()
        for label in labels:
            app_rows = [r for r in rows if r["perm"].split(".", 1)[0] == label]
            if not app_rows:
                continue
            config = apps.get_app_config(label)
            lines.append(f"## {config.verbose_name} (`{label}`)\n")
            header = ["Разрешение", "Действие", "Полномочие", *(title for _k, title in ROLES)]
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + " --- |" * len(header))
            for row in app_rows:
                powers = ", ".join(f"`{c}`" for c in row["powers"]) or "—"
                cells = [row["cells"][key] for key, _t in ROLES]
                lines.append(
                    "| "
                    + " | ".join([f"`{row['perm']}`", describe(row["perm"]) or "—", powers, *cells])
                    + " |"
                )
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def document_path() -> Path:
    return Path(settings.BASE_DIR).parent.parent / "docs" / "roles-and-permissions.md"
