"""No index that another one already serves, and none over empty links.

Every index is paid for by each insert, and a list import writes a hundred thousand
persons, memberships, consents and import rows at once. Dropped:

- ``people_person``: the index on ``match_name`` (``people_person_match`` starts with it;
  on PostgreSQL that one now has the pattern operator class, so it also serves the
  ``LIKE 'начало%'`` of the search by surname) and, on PostgreSQL, the pattern indexes of
  ``phone``, ``email`` and ``match_name`` that a field's ``db_index`` brings (phones and
  e-mails are only compared whole); the indexes of ``home_region`` and
  ``initiative_marked_by``, empty for nearly everyone, are now only where they are set;
- ``people_membership``: those of ``person`` and ``association`` (the unique
  ``person, association`` and ``association, import_hash`` start with them);
- ``people_importrow``: that of ``member_import`` (``people_importrow_order`` starts with it);
- ``people_consent``: that of ``withdrawn_by`` is now only where it is set.

The model state changes by Django's own operations; the database by plain statements:
Django would copy ``people_person`` to a new table on SQLite for each field (losing the
FTS5 triggers of migration 0009) and drop and check again the foreign keys on
PostgreSQL, where only indexes change.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# (index, table, columns, condition) made by this migration, and those it drops.
CREATED = [
    ("people_person_match", "people_person", '"match_name", "birth_date"', ""),
    ("people_person_phone", "people_person", '"phone"', ""),
    ("people_person_email", "people_person", '"email"', ""),
    ("people_person_home_region", "people_person", '"home_region_id"', "home_region_id"),
    (
        "people_person_marked_by",
        "people_person",
        '"initiative_marked_by_id"',
        "initiative_marked_by_id",
    ),
    ("people_consent_withdrawn_by", "people_consent", '"withdrawn_by_id"', "withdrawn_by_id"),
]
PATTERN_MATCH = '"match_name" varchar_pattern_ops, "birth_date" date_ops'
DROPPED = [
    ("people_person_match", "people_person", '"match_name", "birth_date"'),
    ("people_person_match_name_bdac5d99", "people_person", '"match_name"'),
    ("people_person_phone_13c6e3c0", "people_person", '"phone"'),
    ("people_person_email_cdc75531", "people_person", '"email"'),
    ("people_person_home_region_id_7c2c5da9", "people_person", '"home_region_id"'),
    (
        "people_person_initiative_marked_by_id_16e04b6d",
        "people_person",
        '"initiative_marked_by_id"',
    ),
    ("people_membership_person_id_dd6d28d1", "people_membership", '"person_id"'),
    ("people_membership_association_id_83fb0601", "people_membership", '"association_id"'),
    ("people_importrow_member_import_id_e7c027bf", "people_importrow", '"member_import_id"'),
    ("people_consent_withdrawn_by_id_687f19d8", "people_consent", '"withdrawn_by_id"'),
]
# PostgreSQL only: the pattern indexes Django adds beside a text field's ``db_index``.
DROPPED_PATTERN = [
    ("people_person_match_name_bdac5d99_like", "people_person", '"match_name" varchar_pattern_ops'),
    ("people_person_phone_13c6e3c0_like", "people_person", '"phone" varchar_pattern_ops'),
    ("people_person_email_cdc75531_like", "people_person", '"email" varchar_pattern_ops'),
]


def _create(name: str, table: str, columns: str, condition: str = "") -> str:
    where = f' WHERE "{condition}" IS NOT NULL' if condition else ""
    return f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({columns}){where}'


def forwards(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    dropped = [*DROPPED, *(DROPPED_PATTERN if postgresql else [])]
    for name, _table, _columns in dropped:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    for name, table, columns, condition in CREATED:
        if postgresql and name == "people_person_match":
            columns = PATTERN_MATCH
        schema_editor.execute(_create(name, table, columns, condition))


def backwards(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for name, _table, _columns, _condition in CREATED:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    for name, table, columns in [*DROPPED, *(DROPPED_PATTERN if postgresql else [])]:
        schema_editor.execute(_create(name, table, columns))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_scheduled_run"),
        ("people", "0015_membership_marks_from_changed_rows"),
        ("registry", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.RemoveIndex(
                    model_name="person",
                    name="people_person_match",
                ),
                migrations.AlterField(
                    model_name="consent",
                    name="withdrawn_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="кто внёс отзыв",
                    ),
                ),
                migrations.AlterField(
                    model_name="importrow",
                    name="member_import",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rows",
                        to="people.memberimport",
                        verbose_name="загрузка",
                    ),
                ),
                migrations.AlterField(
                    model_name="membership",
                    name="association",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="registry.association",
                        verbose_name="землячество",
                    ),
                ),
                migrations.AlterField(
                    model_name="membership",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="people.person",
                        verbose_name="участник",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="email",
                    field=models.EmailField(
                        blank=True, max_length=254, verbose_name="электронная почта"
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="home_region",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="natives",
                        to="core.region",
                        verbose_name="малая родина",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="initiative_marked_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="кто отметил инициативность",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="match_name",
                    field=models.CharField(default="", editable=False, max_length=310),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="phone",
                    field=models.CharField(blank=True, max_length=12, verbose_name="телефон"),
                ),
                migrations.AddIndex(
                    model_name="consent",
                    index=models.Index(
                        condition=models.Q(("withdrawn_by__isnull", False)),
                        fields=["withdrawn_by"],
                        name="people_consent_withdrawn_by",
                    ),
                ),
                migrations.AddIndex(
                    model_name="person",
                    index=models.Index(
                        fields=["match_name", "birth_date"],
                        name="people_person_match",
                        opclasses=["varchar_pattern_ops", "date_ops"],
                    ),
                ),
                migrations.AddIndex(
                    model_name="person",
                    index=models.Index(fields=["phone"], name="people_person_phone"),
                ),
                migrations.AddIndex(
                    model_name="person",
                    index=models.Index(fields=["email"], name="people_person_email"),
                ),
                migrations.AddIndex(
                    model_name="person",
                    index=models.Index(
                        condition=models.Q(("home_region__isnull", False)),
                        fields=["home_region"],
                        name="people_person_home_region",
                    ),
                ),
                migrations.AddIndex(
                    model_name="person",
                    index=models.Index(
                        condition=models.Q(("initiative_marked_by__isnull", False)),
                        fields=["initiative_marked_by"],
                        name="people_person_marked_by",
                    ),
                ),
            ],
        )
    ]
