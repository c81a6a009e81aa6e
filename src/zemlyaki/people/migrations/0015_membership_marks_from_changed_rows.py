"""The membership trigger of the search marks starts from the changed rows (PostgreSQL).

The statement trigger of migration 0014 updated ``people_person`` ``WHERE p.id IN
(SELECT person_id FROM changed)``. The planner does not know how many rows the
transition table holds (it assumes 200) and, with the statistics of a table that a list
import is filling in the same transaction, joined it by hash to a sequential scan of all
persons, computing every person's marks to compare them: one batch of 2,000 memberships
cost 40–190 ms and grew with the table (6.3 s of a 100,000-row import). ``id = ANY
(ARRAY(…))`` is answered through the primary key: only the persons of the changed rows
are read (7 ms for the same batch).
"""

from django.db import migrations

ASSOCIATION_MARKS = (
    "coalesce((SELECT string_agg(DISTINCT '~a' || m.association_id::text, ' ')"
    " FROM people_membership m WHERE m.person_id = p.id), '')"
)


def _function(persons: str) -> str:
    return (
        "CREATE OR REPLACE FUNCTION people_membership_marks() RETURNS trigger"
        " LANGUAGE plpgsql AS $$ "
        "BEGIN "
        f"UPDATE people_person p SET association_marks = {ASSOCIATION_MARKS}"
        f" WHERE {persons}"
        f" AND p.association_marks IS DISTINCT FROM {ASSOCIATION_MARKS}; "
        "RETURN NULL; "
        "END $$"
    )


FORWARDS = _function("p.id = ANY (ARRAY(SELECT DISTINCT person_id FROM changed))")
BACKWARDS = _function("p.id IN (SELECT person_id FROM changed)")


def _run(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("people", "0014_search_document_filter_marks")]

    operations = [migrations.RunPython(_run(FORWARDS), _run(BACKWARDS))]
