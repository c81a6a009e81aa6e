"""The web import of a plan: upload or paste → preview → confirm → saved.

Nothing is saved before the confirmation: the preview carries the parsed plan signed, and
shows what the reader cleaned (line by line), the body each item names and the deadline
written inside its text, for the person to confirm or change."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.views_utils import require_perm
from zemlyaki.governance.models import Body

from . import importing
from .forms import ImportConfirmForm, ImportForm, ImportTaskFormSet
from .importing import preview_read, preview_token, suggest_bodies
from .parsed import ParsedPlan
from .parsing import PlanParseError, parse_plan_file

PREFIX = "tasks"


def _body_choices() -> list[tuple[int, str]]:
    return [(pk, name) for pk, name in Body.objects.order_by("name").values_list("pk", "name")]


def _preview(
    request: HttpRequest,
    parsed: ParsedPlan,
    confirm: ImportConfirmForm,
    formset: Any,
    errors: list[str] | None = None,
) -> HttpResponse:
    context = {
        "confirm": confirm,
        "formset": formset,
        "rows": list(zip(parsed.tasks, formset.forms, strict=False)),
        "warnings": [str(w) for w in parsed.warnings],
        "line_errors": errors or [],
        "count": len(parsed.tasks),
    }
    return render(request, "plan/plan_import_preview.html", context)


def plan_import(request: HttpRequest) -> HttpResponse:
    require_perm(request, "plan.import_plan")
    form = ImportForm(request.POST or None, request.FILES or None)
    line_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        name, data = form.content()
        try:
            source, parsed = parse_plan_file(name, data)
        except PlanParseError as error:
            line_errors = [str(e) for e in error.errors]
            form.add_error("file", _("Файл не загружен: исправьте ошибки ниже."))
        else:
            suggest_bodies(parsed)
            confirm = ImportConfirmForm(
                initial={
                    "payload": preview_token(parsed, source),
                    "title": form.cleaned_data["title"] or parsed.title,
                    "is_main": form.cleaned_data["is_main"],
                }
            )
            formset = ImportTaskFormSet(
                initial=[
                    {"owner_body": t.owner_body_id, "due_date": t.due_date} for t in parsed.tasks
                ],
                form_kwargs={"bodies": _body_choices()},
                prefix=PREFIX,
            )
            return _preview(request, parsed, confirm, formset)
    return render(request, "plan/plan_import.html", {"form": form, "line_errors": line_errors})


@require_POST
def plan_import_confirm(request: HttpRequest) -> HttpResponse:
    require_perm(request, "plan.import_plan")
    try:
        source, parsed = preview_read(request.POST.get("payload", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("plan:plan_import")
    confirm = ImportConfirmForm(request.POST)
    formset = ImportTaskFormSet(
        request.POST, form_kwargs={"bodies": _body_choices()}, prefix=PREFIX
    )
    if not (confirm.is_valid() and formset.is_valid()):
        return _preview(request, parsed, confirm, formset)
    if len(formset.forms) != len(parsed.tasks):
        mismatch = _("Предпросмотр не совпадает с загруженным планом: загрузите файл ещё раз.")
        return _preview(request, parsed, confirm, formset, [mismatch])
    for task, task_form in zip(parsed.tasks, formset.forms, strict=True):
        task.owner_body_id = task_form.cleaned_data["owner_body"]
        task.owner_body = ""  # the person's choice replaces the name in the file
        task.due_date = task_form.cleaned_data["due_date"]
    try:
        plan = importing.plan_import(
            actor=request.user,
            parsed=parsed,
            title=confirm.cleaned_data["title"],
            source=source,
            is_main=confirm.cleaned_data["is_main"],
        )
    except ValidationError as error:
        return _preview(request, parsed, confirm, formset, [str(m) for m in error.messages])
    count = len(parsed.tasks)
    messages.success(
        request,
        _("План загружен: %(count)s %(items)s.") % {"count": count, "items": _plural_items(count)},
    )
    for warning in parsed.warnings:
        messages.warning(request, _("При загрузке: %(warning)s") % {"warning": warning})
    return redirect(plan)


def _plural_items(count: int) -> str:
    from zemlyaki.core.templatetags.zemlyaki import plural_form

    return plural_form(count, (_("мероприятие"), _("мероприятия"), _("мероприятий")))
