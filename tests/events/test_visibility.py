"""One visibility rule: open events (and their decisions) to everyone, the rest to
signed-in users; lists, the page and the API answer the same."""

import pytest
from django.test import Client

from tests.events.factories import make_event
from tests.support.visibility import assert_agrees
from zemlyaki.events.models import Decision, Event

pytestmark = pytest.mark.django_db


def test_open_events_to_everyone_closed_ones_to_signed_in_users(role_matrix):
    public = make_event(title="Открытый круглый стол", is_public=True)
    closed = make_event(title="Заседание совета", is_public=False)
    Decision.objects.create(event=public, number=1, text="Принять к сведению.")
    Decision.objects.create(event=closed, number=1, text="Утвердить план.")
    seen = assert_agrees(
        Event, role_matrix.values(), lambda user, obj: user.has_perm("events.view_event", obj)
    )
    decisions = assert_agrees(Decision, role_matrix.values())
    for role, user in role_matrix.items():
        expected = {public.pk} if role == "guest" else {public.pk, closed.pk}
        assert seen[user] == expected, role
        assert {d.event_id for d in Decision.objects.filter(pk__in=decisions[user])} == expected
    client = Client()
    assert client.get(f"/events/{public.pk}/").status_code == 200
    response = client.get(f"/events/{closed.pk}/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    client.force_login(role_matrix["member"])
    assert client.get(f"/events/{closed.pk}/").status_code == 200
