"""The search index follows every write of a person: the FTS5 table on SQLite (created
only there, kept in step by triggers), the generated document on PostgreSQL."""

import pytest
from django.db import connection

from zemlyaki.people import selectors, services
from zemlyaki.people.models import Person

from .factories import make_person


def found(user, q):
    qs, terms = selectors.person_search(user=user, q=q)
    return [p.last_name for p in selectors.search_slice(qs, terms, 0, 20).rows]


def fts_consistent() -> bool:
    """SQLite's own check that the FTS5 index holds exactly the person table's text."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO people_person_fts(people_person_fts) VALUES ('integrity-check')"
        )
    return True


@pytest.mark.django_db
def test_fts_table_exists_only_on_sqlite():
    tables = connection.introspection.table_names()
    assert ("people_person_fts" in tables) == (connection.vendor == "sqlite")
    if connection.vendor == "postgresql":
        columns = [
            c.name
            for c in connection.introspection.get_table_description(
                connection.cursor(), "people_person"
            )
        ]
        assert "search_document" in columns
        assert "search_vector" not in columns and "expertise_vector" not in columns


@pytest.mark.django_db
def test_index_follows_create_update_erase_delete(coordinator):
    person = make_person(
        "Звездочётов", "Пётр", "", occupation="астроном", competencies=["Хирургия"]
    )
    other = make_person("Садовников", "Олег", "", occupation="агроном")
    assert found(coordinator, "астрономы") == ["Звездочётов"]
    assert found(coordinator, "хирургия") == ["Звездочётов"]

    services.person_update(
        actor=None, person=person, data={"occupation": "геолог", "competencies": []}
    )
    assert found(coordinator, "астроном") == []
    assert found(coordinator, "хирургия") == []
    assert found(coordinator, "геологи") == ["Звездочётов"]

    services.person_erase(actor=None, person=person)
    assert found(coordinator, "геолог") == []
    assert found(coordinator, "Звездочётов") == []

    Person.objects.filter(pk=other.pk).delete()
    assert found(coordinator, "агроном") == []
    if connection.vendor == "sqlite":
        assert fts_consistent()


@pytest.mark.django_db
def test_experts_have_their_own_order_index_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the walk of the experts in order is PostgreSQL's plan")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'people_person_expert_order'"
        )
        (definition,) = cursor.fetchone()
    assert definition.endswith(
        "USING btree (is_initiative DESC, last_name, first_name, id) WHERE show_as_expert"
    )
