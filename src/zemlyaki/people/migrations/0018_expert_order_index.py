"""The order of the search within a rank, for the experts alone (PostgreSQL).

A text query with the experts filter and more than a thousand matches reads the lower
ranks by walking ``people_person_ranked_order`` and testing each person's document;
experts are three in ten, so the walk read three persons for every expert it needed:
for «инженер» among the experts at 200,000 persons, 3,084 rows for a page of 20 (4.1 ms;
the walk depends on the share of matches, not on their number, so the same at a million).
A partial index in the same order over the experts only walks 949 (0.9 ms). The search
names the column (``show_as_expert``) beside the mark in that walk, so that the planner
may use it (``search._levels_sql``).
"""

from django.db import migrations

from ._postgresql import on_postgresql

FORWARDS = (
    "CREATE INDEX IF NOT EXISTS people_person_expert_order ON people_person"
    " (is_initiative DESC, last_name, first_name, id) WHERE show_as_expert"
)
BACKWARDS = "DROP INDEX IF EXISTS people_person_expert_order"


class Migration(migrations.Migration):
    dependencies = [("people", "0017_search_index_short_pending_list")]

    operations = [on_postgresql(FORWARDS, BACKWARDS)]
