"""One visibility rule for personal data: a coordinator reads everyone, a person their own
record, a leader the members of the associations they lead, a member of a working body
the experts who agreed to be shown; the search, the API and the card agree with it."""

import pytest
from django.utils import timezone

from tests.people.factories import make_person
from tests.registry.factories import make_association
from tests.support.visibility import assert_agrees
from zemlyaki.people.models import Person
from zemlyaki.people.selectors import visible_persons

pytestmark = pytest.mark.django_db


def test_each_role_reads_exactly_its_persons(role_matrix, api, token_for):
    tambov = make_association()
    ryazan = make_association("Рязанское землячество", codes=("62",))
    tambov.leaders.add(role_matrix["leader"])
    own_member = make_person("Тамбовцев", association=tambov)
    other_member = make_person("Рязанцев", association=ryazan)
    expert = make_person("Знатоков", association=ryazan)
    Person.objects.filter(pk=expert.pk).update(show_as_expert=True, has_consent=True)
    erased = make_person("Удалёнов", association=tambov)
    Person.objects.filter(pk=erased.pk).update(erased_at=timezone.now())
    me = make_person("Участников")
    Person.objects.filter(pk=me.pk).update(user=role_matrix["member"])
    body_person = Person.objects.get(user=role_matrix["body_member"])
    seen = assert_agrees(
        Person,
        role_matrix.values(),
        lambda user, obj: user.has_perm("people.view_person", obj),
    )
    everyone = set(Person.objects.values_list("pk", flat=True))
    expected = {
        "guest": set(),
        "member": {me.pk},
        "body_member": {expert.pk, body_person.pk},
        "leader": {own_member.pk, erased.pk},
        "coordinator": everyone,
        "administrator": set(),
    }
    for role, user in role_matrix.items():
        assert seen[user] == expected[role], role
        searchable = {p.pk for p in visible_persons(user)}
        assert searchable == expected[role] - {erased.pk}, role
    token = token_for(role_matrix["body_member"])
    assert api.get(f"/people/{expert.pk}", token=token).status_code == 200
    assert api.get(f"/people/{other_member.pk}", token=token).status_code == 404
