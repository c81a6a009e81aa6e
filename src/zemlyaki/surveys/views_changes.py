"""Changes of people's data that answers to a survey propose: listed, compared with the
record and accepted or rejected by those who may review them."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.views_utils import paginate, require_perm

from . import selectors, services
from .models import (
    ChangeStatus,
    ProfileChange,
    ProfileField,
    QuestionType,
)


def change_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "surveys.review_profilechange")
    status = request.GET.get("status", ChangeStatus.PENDING)
    if status not in ChangeStatus.values and status != "all":
        status = ChangeStatus.PENDING
    qs = selectors.profile_change_list(status="" if status == "all" else status)
    return render(
        request,
        "surveys/change_list.html",
        {"page": paginate(request, qs), "status": status, "statuses": ChangeStatus.choices},
    )


def change_detail(request: HttpRequest, change_id: int) -> HttpResponse:
    require_perm(request, "surveys.review_profilechange")
    change = get_object_or_404(
        ProfileChange.objects.select_related("response__survey", "person", "association"),
        pk=change_id,
    )
    from zemlyaki.people.services import person_find_match

    data = change.data
    match, reason = (change.person, "invitation") if change.person else (None, "")
    if match is None:
        match, reason = person_find_match(
            last_name=data.get("last_name", ""),
            first_name=data.get("first_name", ""),
            patronymic=data.get("patronymic", ""),
            birth_date=_parse_iso(data.get("birth_date")),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
        )
    rows = _change_rows(change, match)
    return render(
        request,
        "surveys/change_detail.html",
        {"change": change, "match": match, "reason": reason, "rows": rows},
    )


def _parse_iso(value: Any) -> Any:
    import datetime

    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _change_rows(change: ProfileChange, person: Any) -> list[tuple[str, Any, Any]]:
    from zemlyaki.core.models import Region

    from .vocab import vocabulary_names

    labels = dict(ProfileField.choices)
    rows = []
    for key, value in change.data.items():
        if key == "consent":
            continue
        shown = value
        current: Any = getattr(person, key, "") if person is not None else ""
        if key in ("competencies", "interests"):
            kind = QuestionType.COMPETENCIES if key == "competencies" else QuestionType.INTERESTS
            ids = [v for v in value if isinstance(v, int)]
            shown = ", ".join(
                vocabulary_names(kind, ids) + [v for v in value if isinstance(v, str)]
            )
            current = ", ".join(str(t) for t in getattr(person, key).all()) if person else ""
        elif key == "home_region":
            shown = Region.objects.filter(code=value).first() or value
        elif key == "show_as_expert":
            shown = _("да") if value else _("нет")
            current = (_("да") if current else _("нет")) if person is not None else ""
        elif key == "birth_date" and value:
            parsed = _parse_iso(value)
            shown = parsed.strftime("%d.%m.%Y") if parsed else value
            current = current.strftime("%d.%m.%Y") if current else ""
        rows.append((str(labels.get(key, key)), current or "", shown))
    return rows


@require_POST
def change_decide(request: HttpRequest, change_id: int) -> HttpResponse:
    require_perm(request, "surveys.review_profilechange")
    change = get_object_or_404(ProfileChange, pk=change_id)
    decision = request.POST.get("decision")
    try:
        if decision == "accept":
            on_match = request.POST.get("on_match", "fill")
            if on_match not in ("fill", "update"):
                raise PermissionDenied
            person = services.profile_change_accept(
                actor=request.user, change=change, on_match=on_match
            )
            messages.success(
                request, _("Изменение принято: профиль «%(p)s» обновлён.") % {"p": person}
            )
        elif decision == "reject":
            services.profile_change_reject(
                actor=request.user, change=change, note=request.POST.get("note", "")
            )
            messages.success(request, _("Изменение отклонено."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("surveys:change_list")
