"""Every action a page offers is an API operation: each page that takes a form (POST) has
its twin in the API, or a written reason why it has none (tests/api/form_twins/)."""

import pytest

from tests.api.form_twins import api_operations, handles_post, post_pages, table


@pytest.fixture(scope="module")
def pages():
    return post_pages()


@pytest.fixture(scope="module")
def tables(pages):
    found = {}
    for app in sorted({page.app for page in pages}):
        found[app] = table(app)
    return found


def test_every_page_with_a_form_has_a_twin_or_a_reason(pages, tables):
    missing = [
        f"{page.key} ({page.route}, {page.view})"
        for page in pages
        if tables[page.app] is None
        or page.name not in tables[page.app].twins | tables[page.app].exempt
    ]
    assert missing == [], "Страницы с формой без операции API и без причины"


def test_every_entry_names_a_page_with_a_form(pages, tables):
    known = {page.key for page in pages}
    stale = [
        f"{app}:{name}"
        for app, found in tables.items()
        if found is not None
        for name in found.twins | found.exempt
        if f"{app}:{name}" not in known
    ]
    assert stale == []


def test_every_twin_is_an_operation_of_the_api(tables):
    operations = api_operations()
    unknown = [
        (f"{app}:{name}", operation)
        for app, found in tables.items()
        if found is not None
        for name, twins in found.twins.items()
        for operation in twins
        if operation not in operations
    ]
    assert unknown == []


def test_no_page_is_both_twinned_and_exempt(tables):
    both = [
        f"{app}:{name}"
        for app, found in tables.items()
        if found is not None
        for name in found.twins.keys() & found.exempt.keys()
    ]
    assert both == []


def test_every_exemption_gives_a_reason(tables):
    assert [
        f"{app}:{name}"
        for app, found in tables.items()
        if found is not None
        for name, reason in found.exempt.items()
        if len(reason.split()) < 4
    ] == []


def test_the_detection_finds_forms_and_leaves_plain_pages(pages):
    keys = {page.key for page in pages}
    # A decorated function view, a view reading request.POST, Django's class views.
    assert {
        "strategy:comment_create",
        "strategy:document_create",
        "accounts:login",
        "accounts:logout",
        "core:set_language",
    } <= keys
    # Reading pages, a feed object and a class view without a form.
    assert (
        not {
            "core:home",
            "strategy:document_list",
            "portal:news_rss",
            "accounts:password_change_done",
        }
        & keys
    )


def test_the_detection_rule_on_small_views():
    from django.views.decorators.http import require_GET, require_POST
    from django.views.generic import FormView, TemplateView

    @require_POST
    def decorated(request):
        return None

    def reads_form(request):
        return request.method

    @require_GET
    def reads_page(request):
        return None

    assert handles_post(decorated)
    assert not handles_post(reads_form)
    assert not handles_post(reads_page)
    assert handles_post(FormView.as_view())
    assert not handles_post(TemplateView.as_view())
