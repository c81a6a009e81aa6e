"""Pages of the people app: the expert search and its exports, persons, member lists,
candidate lists and the access log (imports are in ``views_imports``, the vocabularies in
``views_vocabulary``)."""

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zemlyaki.core.views_utils import apply_validation_error, paginate, require_perm
from zemlyaki.registry.models import Association

from . import selectors, services
from .forms import (
    AddCandidatesForm,
    CandidateListForm,
    ConsentRecordForm,
    InitiativeForm,
    MemberFilterForm,
    ProfileForm,
    SearchForm,
    yes_no,
)
from .models import (
    AccessAction,
    CandidateEntry,
    CandidateList,
    Consent,
    Person,
)
from .rules import allowed
from .views_invitations import card_context

# ---------------------------------------------------------------- search


def person_search(request: HttpRequest) -> HttpResponse:
    require_perm(request, "people.search_people")
    form = SearchForm(request.GET or None)
    filters = form.filters()
    qs, terms = selectors.person_search(user=request.user, **filters)
    page = selectors.search_page(qs, request.GET.get("page"), terms=terms)
    services.access_log(
        user=request.user,
        action=AccessAction.SEARCH,
        query=filters,
        rows=page.paginator.count,
    )
    context = {
        "form": form,
        "page": page,
        "terms": terms.prefixes,
        "add_form": AddCandidatesForm()
        if allowed(request.user, "people.manage_candidates")
        else None,
        "querystring": request.GET.urlencode(),
    }
    if request.htmx and request.htmx.target == "person-results":  # type: ignore[attr-defined]
        return render(request, "people/partials/_person_results.html", context)
    return render(request, "people/person_search.html", context)


def person_export(request: HttpRequest) -> HttpResponse:
    require_perm(request, "people.export_people")
    filters = SearchForm(request.GET or None).filters()
    qs, _terms = selectors.person_search(user=request.user, **filters)
    content, rows = export_xlsx(qs, request.user)
    services.access_log(user=request.user, action=AccessAction.EXPORT, query=filters, rows=rows)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="experts-{stamp}.xlsx"'
    return response


def export_xlsx(qs: Any, user: Any) -> tuple[bytes, int]:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(_("Участники"))
    sheet.append(
        [
            _("Фамилия"), _("Имя"), _("Отчество"), _("Дата рождения"), _("Телефон"),
            _("Электронная почта"), _("Малая родина"), _("Профессия, должность"),
            _("Место работы"), _("Компетенции"), _("Интересы"), _("Землячества"),
            _("Инициативный"), _("Эксперт"),
        ]
    )  # fmt: skip
    rows = 0
    detailed = None if user.role == "coordinator" else selectors.detail_ids(user, qs)
    for person in qs.iterator(chunk_size=2000):
        limited = detailed is not None and person.pk not in detailed
        sheet.append(
            [
                person.last_name,
                person.first_name,
                person.patronymic,
                "" if limited or not person.birth_date else person.birth_date.strftime("%d.%m.%Y"),
                "" if limited else person.phone,
                "" if limited else person.email,
                person.home_region.name if person.home_region else "",
                "" if limited else person.occupation,
                "" if limited else person.workplace,
                "; ".join(c.name for c in person.competencies.all()),
                "" if limited else "; ".join(i.name for i in person.interests.all()),
                "; ".join(str(m.association) for m in person.memberships.all()),
                _("да") if person.is_initiative else "",
                _("да") if person.show_as_expert else "",
            ]
        )
        rows += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), rows


@require_POST
def candidates_add(request: HttpRequest) -> HttpResponse:
    require_perm(request, "people.manage_candidates")
    form = AddCandidatesForm(request.POST)
    ids = [int(v) for v in request.POST.getlist("person") if v.isdigit()]
    if not form.is_valid() or not ids:
        messages.error(request, _("Выберите список и хотя бы одного человека."))
        return redirect(request.POST.get("next") or "people:person_search")
    persons = list(selectors.visible_persons(request.user).filter(pk__in=ids))
    added = services.candidate_add(
        actor=request.user,
        candidate_list=form.cleaned_data["candidate_list"],
        persons=persons,
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("Добавлено в список: %(n)s.") % {"n": added})
    return redirect(form.cleaned_data["candidate_list"])


# ---------------------------------------------------------------- persons


def _person_or_404(request: HttpRequest, pk: int, perm: str) -> Person:
    try:
        person = selectors.person_get(pk)
    except Person.DoesNotExist:
        if not request.user.is_authenticated:
            require_perm(request, perm)
        raise Http404
    require_perm(request, perm, person, hide=True)
    return person


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk, "people.view_person")
    limited = selectors.limited_view(request.user, person)
    if person.user_id != request.user.pk:
        services.access_log(
            user=request.user, action=AccessAction.VIEW_PERSON, person=person, rows=1
        )
    context: dict[str, Any] = {"person": person, "limited": limited}
    if not limited:
        context["initiative_form"] = InitiativeForm(
            initial={
                "is_initiative": person.is_initiative,
                "initiative_reason": person.initiative_reason,
            }
        )
        context["consent_form"] = ConsentRecordForm(
            initial={
                "purpose": services.DEFAULT_PURPOSE,
                "given_on": timezone.localdate().strftime("%d.%m.%Y"),
            }
        )
        context.update(card_context(request.user, person))
    return render(request, "people/person_detail.html", context)


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk, "people.change_person")
    initial = {
        "last_name": person.last_name,
        "first_name": person.first_name,
        "patronymic": person.patronymic,
        "birth_date": person.birth_date.strftime("%d.%m.%Y") if person.birth_date else "",
        "phone": person.phone,
        "email": person.email,
        "home_region": person.home_region_id,
        "home_place": person.home_place,
        "moscow_district": person.moscow_district,
        "occupation": person.occupation,
        "workplace": person.workplace,
        "competencies": [c.pk for c in person.competencies.all() if c.is_approved],
        "competencies_extra": "; ".join(
            c.name for c in person.competencies.all() if not c.is_approved
        ),
        "interests": [i.pk for i in person.interests.all() if i.is_approved],
        "interests_extra": "; ".join(i.name for i in person.interests.all() if not i.is_approved),
        "show_as_expert": person.show_as_expert,
    }
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, data=form.service_data())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Профиль сохранён."))
            return redirect(person)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@require_POST
def person_initiative(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk, "people.mark_initiative")
    form = InitiativeForm(request.POST)
    if form.is_valid():
        try:
            services.person_set_initiative(
                actor=request.user,
                person=person,
                value=form.cleaned_data["is_initiative"],
                reason=form.cleaned_data["initiative_reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Отметка сохранена."))
    return redirect(person)


@require_POST
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk, "people.manage_consent")
    form = ConsentRecordForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Согласие внесено."))
    else:
        messages.error(request, _("Согласие не внесено: проверьте цель, форму и дату."))
    return redirect(person)


@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = get_object_or_404(Consent, pk=pk, person__isnull=False)
    person = _person_or_404(request, consent.person_id or 0, "people.change_person")
    try:
        services.consent_withdraw(actor=request.user, consent=consent)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Согласие отозвано."))
    return redirect(person)


# ---------------------------------------------------------------- member lists


def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    require_perm(request, "people.view_member_list", association)
    form = MemberFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "q": data["q"],
            "role": data["role"],
            "initiative": yes_no(data["initiative"]),
            "sort": data["sort"] or "name",
        }
    page = paginate(request, selectors.member_list(association=association, **filters), per_page=50)
    services.access_log(
        user=request.user,
        action=AccessAction.VIEW_LIST,
        query=filters,
        rows=page.paginator.count,
        association=association,
    )
    context = {"association": association, "form": form, "page": page}
    if request.htmx and request.htmx.target == "member-results":  # type: ignore[attr-defined]
        return render(request, "people/partials/_member_results.html", context)
    return render(request, "people/member_list.html", context)


# ---------------------------------------------------------------- candidate lists


def candidate_lists(request: HttpRequest) -> HttpResponse:
    require_perm(request, "people.manage_candidates")
    form = CandidateListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        candidate_list = services.candidate_list_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Список создан."))
        return redirect(candidate_list)
    page = paginate(request, selectors.candidate_lists())
    return render(request, "people/candidate_lists.html", {"form": form, "page": page})


def candidate_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, "people.manage_candidates")
    candidate_list = get_object_or_404(CandidateList, pk=pk)
    if request.method == "POST":
        entry = get_object_or_404(
            CandidateEntry, pk=request.POST.get("entry"), candidate_list=candidate_list
        )
        services.candidate_remove(actor=request.user, entry=entry)
        messages.success(request, _("Кандидат убран из списка."))
        return redirect(candidate_list)
    entries = candidate_list.entries.select_related("person", "added_by").prefetch_related(
        "person__competencies"
    )
    return render(
        request, "people/candidate_list_detail.html", {"list": candidate_list, "entries": entries}
    )


def access_log(request: HttpRequest) -> HttpResponse:
    require_perm(request, "people.view_access_log")
    page = paginate(request, selectors.access_log_entries(), per_page=50)
    return render(request, "people/access_log.html", {"page": page})
