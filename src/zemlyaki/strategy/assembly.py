"""The whole document in order: numbered sections, a table of contents and the live
inserts. A draft is assembled with current data; an approved version from its frozen copy.

The assembled document is a plain dict (JSON-safe), so the frozen copy stored with an
approved version is the same structure the preview and the exports read.
"""

from typing import Any

from django.utils.translation import gettext as _

from . import inserts as live
from . import markup
from .models import Document, DocumentVersion, Section


def _ordered(sections: list[Section]) -> list[tuple[Section, int]]:
    children: dict[int | None, list[Section]] = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)
    for items in children.values():
        items.sort(key=lambda s: (s.order, s.pk))
    result: list[tuple[Section, int]] = []

    def walk(parent_id: int | None, level: int) -> None:
        for section in children.get(parent_id, []):
            result.append((section, level))
            walk(section.pk, level + 1)

    walk(None, 1)
    return result


def assemble(document: Document) -> dict[str, Any]:
    """The current text of every section and current data for every insert."""
    sections = list(
        Section.objects.filter(document=document, retired_at__isnull=True).select_related(
            "current_revision", "owner"
        )
    )
    items: list[dict[str, Any]] = [
        {
            "id": section.pk,
            "number": section.number,
            "title": section.title,
            "level": level,
            "status": section.status,
            "text": section.text,
        }
        for section, level in _ordered(sections)
    ]
    keys: list[str] = []
    for item in items:
        keys.extend(k for k in markup.markers(item["text"]) if k not in keys)
    return {
        "title": document.title,
        "period": document.period,
        "kind": document.kind,
        "approved": False,
        "version": None,
        "decision": "",
        "approved_at": None,
        "sections": items,
        "inserts": live.resolve(keys),
    }


def freeze(document: Document) -> dict[str, Any]:
    """What an approved version keeps: texts and inserts as they stand now."""
    content = assemble(document)
    return {"sections": content["sections"], "inserts": content["inserts"], "kind": document.kind}


def from_version(version: DocumentVersion) -> dict[str, Any]:
    content = version.content or {}
    return {
        "title": version.title,
        "period": version.period,
        "kind": content.get("kind", ""),
        "approved": True,
        "version": version.number,
        "decision": version.decision_repr,
        "approved_at": version.approved_at.date().isoformat() if version.approved_at else None,
        "sections": content.get("sections", []),
        "inserts": content.get("inserts", {}),
    }


def with_html(assembled: dict[str, Any]) -> dict[str, Any]:
    """Add the rendered, sanitised HTML of each section (inserts in place) and the contents."""
    html_inserts = live.html_map(assembled["inserts"])
    sections = []
    for item in assembled["sections"]:
        sections.append(
            {
                **item,
                "anchor": f"section-{item['number'].replace('.', '-')}",
                "html": markup.render(
                    item["text"], inserts=html_inserts, id_prefix=f"s{item['number']}-"
                ),
            }
        )
    return {**assembled, "sections": sections}


def status_line(assembled: dict[str, Any]) -> str:
    if assembled["approved"]:
        return _("Утверждён: %(decision)s") % {"decision": assembled["decision"]}
    return _("Проект")
