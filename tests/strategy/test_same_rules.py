"""A section's text and its amendments: the page and its API twin ask the same rule who
may act (``strategy.draft_section``, ``strategy.propose_amendment``) and leave the state
to the service, so both refuse a stranger with 403 and a section in the wrong state with
409 and the same reason; neither refusal changes anything."""

import pytest
from django.test import Client

from zemlyaki.core.models import AuditEntry
from zemlyaki.strategy import services
from zemlyaki.strategy.models import Amendment, ConflictCopy, Revision, SectionDraft

from .factories import TEXT, agree, fresh, write

pytestmark = pytest.mark.django_db

NOT_EDITABLE = "Раздел в статусе «на рассмотрении»: править текст нельзя."
NOT_AMENDABLE = "Раздел в статусе «согласован»: поправки не принимаются."


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _counts():
    return (
        Revision.objects.count(),
        Amendment.objects.count(),
        ConflictCopy.objects.count(),
        SectionDraft.objects.count(),
        AuditEntry.objects.filter(object_type__startswith="strategy.").count(),
    )


def _page_save(user, section, text):
    section = fresh(section)
    return _client(user).post(
        f"/strategy/sections/{section.pk}/edit/",
        {"text": text, "base_revision": section.current_revision_id, "comment": ""},
    )


def _api_save(api, token, section, text):
    section = fresh(section)
    return api.put(
        f"/sections/{section.pk}",
        {"text": text, "base_revision": section.current_revision_id},
        token=token,
    )


def test_text_saved_by_the_same_people_on_the_page_and_in_the_api(world, api, token_for):
    page = _page_save(world.owner, world.section, "С страницы.")
    assert page.status_code == 302
    assert fresh(world.section).text == "<p>С страницы.</p>"
    put = _api_save(api, token_for(world.owner), world.section, "Через API.")
    assert put.status_code == 200
    assert fresh(world.section).text == "<p>Через API.</p>"
    entries = AuditEntry.objects.filter(
        object_type="strategy.section", object_id=str(world.section.pk)
    ).order_by("pk")
    assert [e.actor_repr for e in entries][-2:] == ["owner", "owner"]


@pytest.mark.parametrize("who", ["expert", "manager", "editor"])
def test_text_refused_to_the_same_people_with_403_and_nothing_changed(world, api, token_for, who):
    """The editor's power is scoped to section 2, not to section 1."""
    user = {"expert": world.experts[0], "manager": world.manager, "editor": world.editor}[who]
    before = _counts()
    assert _client(user).get(f"/strategy/sections/{world.section.pk}/edit/").status_code == 403
    assert _page_save(user, world.section, "Чужой текст.").status_code == 403
    assert _api_save(api, token_for(user), world.section, "Чужой текст.").status_code == 403
    assert fresh(world.section).text == ""
    assert _counts() == before


def test_text_under_review_refused_with_409_and_the_reason_on_both(world, api, token_for):
    write(world.section, world.owner)
    services.section_transition(actor=world.manager, section=world.section, to="review")
    before, text = _counts(), fresh(world.section).text

    form = _client(world.owner).get(f"/strategy/sections/{world.section.pk}/edit/")
    assert form.status_code == 409
    assert NOT_EDITABLE in form.content.decode()
    page = _page_save(world.owner, world.section, "Поверх рассмотрения.")
    assert page.status_code == 409
    assert NOT_EDITABLE in page.content.decode()
    put = _api_save(api, token_for(world.owner), world.section, "Поверх рассмотрения.")
    assert (put.status_code, put.json()) == (409, {"detail": NOT_EDITABLE})
    draft = _client(world.owner).post(
        f"/strategy/sections/{world.section.pk}/draft/",
        {"text": "Черновик.", "base_revision": fresh(world.section).current_revision_id},
    )
    assert (draft.status_code, draft.json()) == (409, {"message": NOT_EDITABLE})

    assert fresh(world.section).text == text
    assert _counts() == before


def test_restore_under_review_refused_with_the_reason_on_both(world, api, token_for):
    write(world.section, world.owner)
    services.section_transition(actor=world.manager, section=world.section, to="review")
    section = fresh(world.section)
    before = _counts()
    path = f"/sections/{section.pk}/revisions/1/restore"
    restored = api.post(path, {"base_revision": section.current_revision_id},
                        token=token_for(world.owner))  # fmt: skip
    assert (restored.status_code, restored.json()) == (409, {"detail": NOT_EDITABLE})
    page = _client(world.owner).post(
        f"/strategy{path.replace('/restore', '/restore/')}",
        {"base_revision": section.current_revision_id},
        follow=True,
    )
    assert NOT_EDITABLE in page.content.decode()
    assert _counts() == before


def _page_amend(user, section):
    return _client(user).post(
        f"/strategy/sections/{section.pk}/amendments/",
        {"paragraph": 1, "proposed": "Иной второй абзац.", "justification": "Точнее."},
    )


def _api_amend(api, token, section):
    return api.post(
        f"/sections/{section.pk}/amendments",
        {"paragraph": 1, "proposed": "Иной второй абзац.", "justification": "Точнее."},
        token=token,
    )


def test_amendment_by_a_reviewer_on_the_page_and_in_the_api(world, api, token_for):
    write(world.section, world.owner)
    assert _page_amend(world.experts[0], world.section).status_code == 302
    assert _api_amend(api, token_for(world.experts[1]), world.section).status_code == 201
    assert sorted(Amendment.objects.values_list("author__username", flat=True)) == [
        "expert1",
        "expert2",
    ]


@pytest.mark.parametrize("who", ["owner", "manager", "outsider"])
def test_amendment_refused_alike_with_nothing_changed(world, api, token_for, who):
    """The owner and the manager see the section but hold no review power (403); the
    outsider does not see it (404)."""
    write(world.section, world.owner)
    user = {"owner": world.owner, "manager": world.manager, "outsider": world.outsider}[who]
    expected = 404 if who == "outsider" else 403
    before = _counts()
    assert _page_amend(user, world.section).status_code == expected
    assert _api_amend(api, token_for(user), world.section).status_code == expected
    assert _counts() == before


def test_amendment_to_an_agreed_section_refused_with_409_and_the_reason_on_both(
    world, api, token_for
):
    write(world.section, world.owner, TEXT)
    agree(world, world.section)
    before = _counts()
    page = _page_amend(world.experts[0], world.section)
    assert page.status_code == 409
    assert NOT_AMENDABLE in page.content.decode()
    response = _api_amend(api, token_for(world.experts[0]), world.section)
    assert (response.status_code, response.json()) == (409, {"detail": NOT_AMENDABLE})
    assert _counts() == before
