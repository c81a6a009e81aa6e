"""Role × action matrix of the people app's permissions (152-FZ visibility rules)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.accounts.factories import UserFactory
from tests.registry.factories import make_association
from zemlyaki.people import services
from zemlyaki.people.rules import allowed

from .factories import make_person

ROLES = [
    "guest",
    "member",
    "self",
    "leader_own",
    "leader_other",
    "body_member",
    "coordinator",
    "administrator",
]

# action, object → roles that are allowed
MATRIX = {
    ("view_person", "member_person"): {"self", "leader_own", "coordinator"},
    ("view_person", "expert"): {"body_member", "coordinator"},
    ("view_person", "hidden_expert"): {"coordinator"},
    ("view_person_details", "member_person"): {"self", "leader_own", "coordinator"},
    ("view_person_details", "expert"): {"coordinator"},
    ("change_person", "member_person"): {"self", "leader_own", "coordinator"},
    ("mark_initiative", "member_person"): {"leader_own", "coordinator"},
    ("manage_consent", "member_person"): {"leader_own", "coordinator"},
    ("erase_person", "member_person"): {"coordinator"},
    ("view_member_list", "association"): {"leader_own", "coordinator"},
    ("import_members", "association"): {"leader_own", "coordinator"},
    ("search_people", None): {"leader_own", "leader_other", "body_member", "coordinator"},
    ("export_people", None): {"leader_own", "leader_other", "coordinator"},
    ("use_imports", None): {"leader_own", "leader_other", "coordinator"},
    ("manage_vocabulary", None): {"coordinator"},
    ("manage_candidates", None): {"coordinator"},
    ("view_access_log", None): {"coordinator"},
    ("invite_person", "member_person"): {"leader_own", "coordinator"},
    ("invite_person", "expert"): {"coordinator"},
    ("link_user", "member_person"): {"coordinator"},
    ("request_erasure", "member_person"): {"self"},
    ("manage_erasure", None): {"coordinator"},
    ("view_own_data", None): set(ROLES) - {"guest"},
}


@pytest.fixture
def world(db):
    from zemlyaki.governance.models import Body, BodyMember
    from zemlyaki.registry.services import association_add_leader

    tambov = make_association("Тамбовское землячество", ["68"])
    ryazan = make_association("Рязанское землячество", ["62"])
    yakut = make_association("Якутское землячество", ["14"])
    users = {
        "guest": AnonymousUser(),
        "member": UserFactory(role="member", username="m"),
        "self": UserFactory(role="member", username="s"),
        "leader_own": UserFactory(role="leader", username="lo"),
        "leader_other": UserFactory(role="leader", username="lx"),
        "body_member": UserFactory(role="member", username="b"),
        "coordinator": UserFactory(role="coordinator", username="c"),
        "administrator": UserFactory(
            role="administrator", username="a", is_superuser=True, is_staff=True
        ),
    }
    association_add_leader(actor=None, association=tambov, user=users["leader_own"])
    association_add_leader(actor=None, association=ryazan, user=users["leader_other"])
    member_person = make_person("Членов", "Иван", "", association=tambov)
    services.person_link_user(actor=None, person=member_person, user=users["self"])
    expert = make_person("Экспертова", "Анна", "", association=yakut, show_as_expert=True)
    hidden = make_person("Скрытов", "Олег", "", association=yakut, show_as_expert=False)
    body_person = make_person("Органов", "Пётр", "")
    services.person_link_user(actor=None, person=body_person, user=users["body_member"])
    BodyMember.objects.create(
        body=Body.objects.create(kind="expert_council", name="Совет"), person=body_person
    )
    objects = {
        "member_person": member_person,
        "expert": expert,
        "hidden_expert": hidden,
        "association": tambov,
        None: None,
    }
    return users, objects


@pytest.mark.django_db
def test_role_action_matrix(world):
    users, objects = world
    failures = []
    for (action, target), permitted in MATRIX.items():
        for role in ROLES:
            got = allowed(users[role], f"people.{action}", objects[target])
            if got != (role in permitted):
                failures.append((action, target, role, got))
    assert failures == []


@pytest.mark.django_db
def test_former_body_member_loses_the_view(world):
    import datetime

    from zemlyaki.governance.models import BodyMember

    users, objects = world
    BodyMember.objects.update(until=datetime.date(2020, 1, 1))
    assert allowed(users["body_member"], "people.view_person", objects["expert"]) is False
    assert allowed(users["body_member"], "people.search_people") is False
