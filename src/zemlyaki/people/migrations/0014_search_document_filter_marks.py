"""The filters of expert search join the search document as marks (PostgreSQL only).

``search_document`` also holds ``~initiative`` for an initiative person, ``~expert`` for
one who agreed to be shown as an expert, ``~r<id>`` for the home region and ``~a<id>``
for each association the person is a member of. A text query with such a filter then
asks the GIN index for both at once (``'юрист':* & '~initiative'``): the index hands
over only the rows that pass the filter, instead of every text match for the filter to
throw most of them away. The marks start with «~», which no word of a query does, so a
word's prefix never matches one.

The first three are columns of the person row, and the generated column follows them.
The associations are rows of ``people_membership``: triggers on it write them into
``people_person.association_marks`` (not a field of the model: only the triggers write
it) after every insert and deletion of memberships (once per statement) and every move
of one to another person or association, whatever makes it — services, list import,
generated data, cascades — so the marks cannot fall out of step either.

PostgreSQL 15 cannot change a generated column's expression: the column and its index
are made again. SQLite keeps its FTS5 table (its filters cost little next to the rest).
"""

from django.db import migrations

WORDS = (
    "to_tsvector('simple'::regconfig, search_text) || array_to_tsvector(string_to_array("
    "btrim(regexp_replace(expertise_text, '(\\S+)', '_\\1', 'g')), ' '))"
)
MARKS = (
    " || array_to_tsvector(array_remove(ARRAY["
    "CASE WHEN is_initiative THEN '~initiative' END, "
    "CASE WHEN show_as_expert THEN '~expert' END, "
    "'~r' || home_region_id::text"
    "], NULL) || string_to_array(nullif(association_marks, ''), ' '))"
)
ASSOCIATION_MARKS = (
    "coalesce((SELECT string_agg(DISTINCT '~a' || m.association_id::text, ' ')"
    " FROM people_membership m WHERE m.person_id = p.id), '')"
)


def _document(expression: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS people_person_search_document",
        "ALTER TABLE people_person DROP COLUMN IF EXISTS search_document",
        "ALTER TABLE people_person ADD COLUMN search_document tsvector "
        f"GENERATED ALWAYS AS ({expression}) STORED",
        "CREATE INDEX people_person_search_document ON people_person USING gin (search_document)",
        "ANALYZE people_person",
    ]


# After a statement inserts or deletes memberships (``changed`` is its transition table),
# their persons get their marks again in one UPDATE for the whole statement (a list
# import inserts its memberships in batches), and only where the marks differ.
INSERTED_OR_DELETED = (
    "CREATE FUNCTION people_membership_marks() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    f"UPDATE people_person p SET association_marks = {ASSOCIATION_MARKS}"
    " WHERE p.id IN (SELECT person_id FROM changed)"
    f" AND p.association_marks IS DISTINCT FROM {ASSOCIATION_MARKS}; "
    "RETURN NULL; "
    "END $$"
)
# A membership moved to another person or association: both persons. Row by row, and
# only for those two columns, so that an update of the other columns (the import hash
# of a repeated list) fires nothing.
MOVED = (
    "CREATE FUNCTION people_membership_moved() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    f"UPDATE people_person p SET association_marks = {ASSOCIATION_MARKS}"
    " WHERE p.id IN (OLD.person_id, NEW.person_id); "
    "RETURN NULL; "
    "END $$"
)

FORWARDS = [
    "ALTER TABLE people_person ADD COLUMN association_marks text NOT NULL DEFAULT ''",
    f"UPDATE people_person p SET association_marks = {ASSOCIATION_MARKS}"
    " WHERE EXISTS (SELECT 1 FROM people_membership m WHERE m.person_id = p.id)",
    INSERTED_OR_DELETED,
    MOVED,
    "CREATE TRIGGER people_membership_marks_insert AFTER INSERT ON people_membership "
    "REFERENCING NEW TABLE AS changed "
    "FOR EACH STATEMENT EXECUTE FUNCTION people_membership_marks()",
    "CREATE TRIGGER people_membership_marks_delete AFTER DELETE ON people_membership "
    "REFERENCING OLD TABLE AS changed "
    "FOR EACH STATEMENT EXECUTE FUNCTION people_membership_marks()",
    "CREATE TRIGGER people_membership_marks_update "
    "AFTER UPDATE OF person_id, association_id ON people_membership FOR EACH ROW "
    "WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id"
    " OR OLD.association_id IS DISTINCT FROM NEW.association_id) "
    "EXECUTE FUNCTION people_membership_moved()",
    *_document(WORDS + MARKS),
]
BACKWARDS = [
    "DROP TRIGGER IF EXISTS people_membership_marks_insert ON people_membership",
    "DROP TRIGGER IF EXISTS people_membership_marks_delete ON people_membership",
    "DROP TRIGGER IF EXISTS people_membership_marks_update ON people_membership",
    "DROP FUNCTION IF EXISTS people_membership_marks()",
    "DROP FUNCTION IF EXISTS people_membership_moved()",
    *_document(WORDS),
    "ALTER TABLE people_person DROP COLUMN IF EXISTS association_marks",
]


def _run(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("people", "0013_invitation_accepted_client_key")]

    operations = [migrations.RunPython(_run(FORWARDS), _run(BACKWARDS))]
