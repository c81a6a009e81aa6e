"""Install the starting Russian lexicon of directions and outcome markers."""

from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    from zemlyaki.reports import lexicon_seed
    from zemlyaki.reports.analysis import phrase_lemmas

    Direction = apps.get_model("reports", "ActivityDirection")
    Entry = apps.get_model("reports", "LexiconEntry")
    if Direction.objects.exists():
        return
    entries = []
    for order, (code, name, phrases) in enumerate(lexicon_seed.DIRECTIONS, start=1):
        direction = Direction.objects.create(code=code, name=name, order=order)
        for phrase in phrases:
            entries.append(
                Entry(
                    kind="direction",
                    direction=direction,
                    phrase=phrase,
                    lemmas=" ".join(phrase_lemmas(phrase)),
                    source="seed",
                )
            )
    for kind, phrases in (
        ("achievement", lexicon_seed.ACHIEVEMENT),
        ("failure", lexicon_seed.FAILURE),
    ):
        for phrase in phrases:
            entries.append(
                Entry(
                    kind=kind, phrase=phrase, lemmas=" ".join(phrase_lemmas(phrase)), source="seed"
                )
            )
    Entry.objects.bulk_create(entries, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
