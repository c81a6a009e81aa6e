"""The membership trigger of the search marks stands aside where the writer has written
them already (PostgreSQL).

A list import creates its new persons with their association mark in place
(``association_marks = '~a<id>'``) and then inserts their memberships. The statement
trigger of migration 0015 still read every person of the batch by its primary key,
computing the marks again to find them unchanged: 0.4 s of a 100,000-row import. Inside
``bulk.marks_written()`` (the setting ``zemlyaki.membership_marks_written`` set to
``on`` for the transaction, and back to ``off`` after the one statement) the trigger
returns at once; everywhere else it works as before.
"""

from django.db import migrations

from ._postgresql import on_postgresql

ASSOCIATION_MARKS = (
    "coalesce((SELECT string_agg(DISTINCT '~a' || m.association_id::text, ' ')"
    " FROM people_membership m WHERE m.person_id = p.id), '')"
)


def _function(skip: str) -> str:
    return (
        "CREATE OR REPLACE FUNCTION people_membership_marks() RETURNS trigger"
        " LANGUAGE plpgsql AS $$ "
        "BEGIN "
        f"{skip}"
        f"UPDATE people_person p SET association_marks = {ASSOCIATION_MARKS}"
        " WHERE p.id = ANY (ARRAY(SELECT DISTINCT person_id FROM changed))"
        f" AND p.association_marks IS DISTINCT FROM {ASSOCIATION_MARKS}; "
        "RETURN NULL; "
        "END $$"
    )


FORWARDS = _function(
    "IF current_setting('zemlyaki.membership_marks_written', true) = 'on' THEN"
    " RETURN NULL; END IF; "
)
BACKWARDS = _function("")


class Migration(migrations.Migration):
    dependencies = [("people", "0019_erased_persons_index")]

    operations = [on_postgresql(FORWARDS, BACKWARDS)]
