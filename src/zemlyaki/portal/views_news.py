"""News pages: the list, one item, writing and editing."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zemlyaki.accounts.rules import is_coordinator
from zemlyaki.core.errors import Invalid, add_to_form
from zemlyaki.core.views_utils import paginate, require_perm
from zemlyaki.registry.models import Association

from . import selectors, services, structured
from .forms import NewsFilterForm, NewsForm


def news_list(request: HttpRequest) -> HttpResponse:
    form = NewsFilterForm(request.GET or None)
    filters: dict[str, Any] = {"q": "", "direction": "", "region": ""}
    if form.is_valid():
        filters.update({k: v or "" for k, v in form.cleaned_data.items()})
    page = paginate(request, selectors.news_list(user=request.user, **filters))
    can_write = request.user.has_perm("portal.add_newsitem")
    return render(
        request, "portal/news_list.html", {"form": form, "page": page, "can_write": can_write}
    )


def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    news = selectors.news_get(request.user, slug)
    context = {"news": news, "structured_data": structured.article(news) if news.is_live else None}
    return render(request, "portal/news_detail.html", context)


def _writable_associations(user: Any) -> Any:
    if is_coordinator(user):
        return Association.objects.order_by("name")
    return Association.objects.filter(leaders=user).order_by("name")


def news_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, "portal.add_newsitem")
    associations = _writable_associations(request.user)
    form = NewsForm(request.POST or None, request.FILES or None, associations=associations)
    if not is_coordinator(request.user):
        field: Any = form.fields["association"]
        field.required = True
        field.empty_label = None
    if request.method == "POST":
        # The association is checked by the service whatever the form offered: a leader
        # who posts another association's id is refused with 403, and nothing is saved.
        raw = request.POST.get("association") or ""
        if raw and not associations.filter(pk=raw if raw.isdigit() else 0).exists():
            target = Association.objects.filter(pk=raw if raw.isdigit() else 0).first()
            if target is not None:
                require_perm(request, "portal.write_news_for", target)
        if form.is_valid():
            try:
                news = services.news_create(actor=request.user, **form.service_kwargs())
            except Invalid as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Новость сохранена."))
                return redirect(news)
    return render(request, "portal/news_form.html", {"form": form, "news": None})


def news_edit(request: HttpRequest, slug: str) -> HttpResponse:
    news = selectors.news_get(request.user, slug)
    require_perm(request, "portal.change_newsitem", news)
    associations = _writable_associations(request.user)
    form = NewsForm(
        request.POST or None, request.FILES or None, instance=news, associations=associations
    )
    form.fields.pop("association")
    if request.method == "POST" and form.is_valid():
        try:
            services.news_update(actor=request.user, news=news, **form.service_kwargs())
        except Invalid as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect(news)
    news.refresh_from_db()
    return render(request, "portal/news_form.html", {"form": form, "news": news})
