"""The sections' texts were Markdown with ``{{ table:bodies }}`` codes; the visual editor
writes HTML with insert elements. Every stored text is converted once: each revision (so
the history and its comparisons keep working), the texts kept from conflicts, drafts and
the frozen texts of approved versions. Amendments keep their paragraph as plain text, as
the platform now compares it. Texts already in HTML are left as they are."""

from django.db import migrations


def forward(apps, schema_editor):
    from zemlyaki.strategy import markup
    from zemlyaki.strategy.markdown_source import looks_like_markdown

    def convert(model, field="text"):
        for row in model.objects.only("pk", field).iterator():
            value = getattr(row, field)
            if looks_like_markdown(value):
                model.objects.filter(pk=row.pk).update(**{field: markup.clean(value)})

    convert(apps.get_model("strategy", "Revision"))
    convert(apps.get_model("strategy", "ConflictCopy"))
    convert(apps.get_model("strategy", "SectionDraft"))

    Amendment = apps.get_model("strategy", "Amendment")
    for amendment in Amendment.objects.all().iterator():
        changed = {}
        for field in ("original", "proposed"):
            value = getattr(amendment, field)
            if looks_like_markdown(value):
                changed[field] = markup.to_text(value)
        if changed:
            Amendment.objects.filter(pk=amendment.pk).update(**changed)

    DocumentVersion = apps.get_model("strategy", "DocumentVersion")
    for version in DocumentVersion.objects.all().iterator():
        content = version.content or {}
        sections = content.get("sections") or []
        touched = False
        for item in sections:
            if looks_like_markdown(item.get("text", "")):
                item["text"] = markup.clean(item["text"])
                touched = True
        if touched:
            DocumentVersion.objects.filter(pk=version.pk).update(content=content)


class Migration(migrations.Migration):
    dependencies = [("strategy", "0004_section_draft")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
