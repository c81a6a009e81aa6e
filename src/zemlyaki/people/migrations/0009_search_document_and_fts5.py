"""One indexed search document per person.

PostgreSQL: the two stored vectors (``search_vector`` over ``search_text`` and
``expertise_vector`` over ``expertise_text``, each with its GIN index) become one stored
``search_document``: the words of ``search_text`` plus the words of ``expertise_text``
marked with «_» (``_юрист``), so that one GIN index finds both the matches of a query
(``юрист:*``) and its best-ranked ones (``_юрист:*``). The column is generated from the
two text columns the person services write, so it is never out of step with them.

SQLite: an FTS5 table over the same two stored columns (external content, the rows stay
in ``people_person``), kept in step with them by triggers on every write of a person —
services, list import, generated data, erasure and deletion alike. Created only on
SQLite; PostgreSQL has its own index above. SQLite also gets back the B-tree index in
the order within a rank (PostgreSQL has it since 0006): a broad rank is read by walking
it, not by sorting every match.
"""

from django.db import migrations

PG_FORWARDS = [
    "ALTER TABLE people_person ADD COLUMN IF NOT EXISTS search_document tsvector "
    "GENERATED ALWAYS AS ("
    "to_tsvector('simple'::regconfig, search_text) || array_to_tsvector(string_to_array("
    "btrim(regexp_replace(expertise_text, '(\\S+)', '_\\1', 'g')), ' '))"
    ") STORED",
    "CREATE INDEX IF NOT EXISTS people_person_search_document ON people_person "
    "USING gin (search_document)",
    "DROP INDEX IF EXISTS people_person_search_vector",
    "DROP INDEX IF EXISTS people_person_expertise_vector",
    "ALTER TABLE people_person DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE people_person DROP COLUMN IF EXISTS expertise_vector",
    "ANALYZE people_person",
]
PG_BACKWARDS = [
    "ALTER TABLE people_person ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "ALTER TABLE people_person ADD COLUMN IF NOT EXISTS expertise_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, expertise_text)) STORED",
    "CREATE INDEX IF NOT EXISTS people_person_search_vector ON people_person "
    "USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS people_person_expertise_vector ON people_person "
    "USING gin (expertise_vector)",
    "DROP INDEX IF EXISTS people_person_search_document",
    "ALTER TABLE people_person DROP COLUMN IF EXISTS search_document",
]

SQLITE_FORWARDS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS people_person_fts USING fts5("
    "search_text, expertise_text, content='people_person', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS people_person_fts_insert AFTER INSERT ON people_person "
    "BEGIN INSERT INTO people_person_fts(rowid, search_text, expertise_text) "
    "VALUES (new.id, new.search_text, new.expertise_text); END",
    "CREATE TRIGGER IF NOT EXISTS people_person_fts_delete AFTER DELETE ON people_person "
    "BEGIN INSERT INTO people_person_fts(people_person_fts, rowid, search_text, expertise_text) "
    "VALUES ('delete', old.id, old.search_text, old.expertise_text); END",
    "CREATE TRIGGER IF NOT EXISTS people_person_fts_update "
    "AFTER UPDATE OF search_text, expertise_text ON people_person "
    "WHEN old.search_text IS NOT new.search_text OR old.expertise_text IS NOT new.expertise_text "
    "BEGIN INSERT INTO people_person_fts(people_person_fts, rowid, search_text, expertise_text) "
    "VALUES ('delete', old.id, old.search_text, old.expertise_text); "
    "INSERT INTO people_person_fts(rowid, search_text, expertise_text) "
    "VALUES (new.id, new.search_text, new.expertise_text); END",
    "INSERT INTO people_person_fts(people_person_fts) VALUES ('rebuild')",
    # The order within a rank, walked for a broad rank (``search.walk_ids``); dropped on
    # SQLite by 0007 when SQLite found text by scanning the table.
    "CREATE INDEX IF NOT EXISTS people_person_ranked_order ON people_person "
    "(is_initiative DESC, last_name, first_name, id)",
]
SQLITE_BACKWARDS = [
    "DROP INDEX IF EXISTS people_person_ranked_order",
    "DROP TRIGGER IF EXISTS people_person_fts_insert",
    "DROP TRIGGER IF EXISTS people_person_fts_delete",
    "DROP TRIGGER IF EXISTS people_person_fts_update",
    "DROP TABLE IF EXISTS people_person_fts",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("people", "0008_invitations_erasure_requests_consent_version")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARDS, "sqlite": SQLITE_FORWARDS}),
            _run({"postgresql": PG_BACKWARDS, "sqlite": SQLITE_BACKWARDS}),
        )
    ]
