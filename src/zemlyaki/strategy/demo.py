"""A demonstration strategy: the six sections, some with draft text, owners and owning
bodies taken from the demo people and bodies when they are there; the work standard and
the site concept with their outlines and some text; all marked is_demo."""

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from .models import Document
from .outlines_seed import (
    SITE_CONCEPT_SECTIONS,
    SITE_CONCEPT_TITLE,
    STANDARD_SECTIONS,
    STANDARD_TITLE,
)
from .services import document_create, section_save, section_update_settings
from .structure import section_add
from .templates_seed import STRATEGY_TITLE

DRAFTS = {
    1: (
        "Землячества Москвы накопили более чем тридцатилетний опыт работы.[^1] Анализ годовых "
        "отчётов показывает, что лучше всего получались культурные и просветительские "
        "проекты, хуже — долгосрочные экономические программы.\n\n"
        "{{ chart:report-trends }}\n\n"
        "**Сильные стороны:** связь с малой родиной, доверие земляков, опыт волонтёров.\n\n"
        "**Слабые стороны:** нехватка ресурсов, зависимость от нескольких активистов.\n\n"
        "[^1]: По годовым отчётам землячеств за 1990–2020-е годы (демонстрационный текст)."
    ),
    2: (
        "Цель стратегии — сплочение региональных землячеств Москвы во имя России, на благо "
        "родных краёв, во славу Столицы.\n\n"
        "Задачи:\n\n"
        "1. укрепить связи землячеств с регионами — малой родиной;\n"
        "2. вовлечь молодёжь в работу землячеств;\n"
        "3. создать информационный центр поддержки развития института землячеств."
    ),
    4: (
        "Ресурсы на реализацию стратегии готовы выделять субъекты стратегии:\n\n"
        "{{ table:stakeholders }}\n\n"
        "Потребности программ и обязательства субъектов по видам ресурсов:\n\n"
        "{{ table:resources }}"
    ),
    5: (
        "Управление реализацией стратегии ведут исполнительный и контрольный органы. Состав "
        "рабочих органов на сегодня:\n\n"
        "{{ table:bodies }}\n\n"
        "План работ:\n\n"
        "{{ table:plan }}"
    ),
}


def load(out: Callable[[str], None]) -> list[str]:
    from zemlyaki.governance.models import Body, BodyKind, BodyMember
    from zemlyaki.people.models import Person

    council = Body.objects.filter(kind=BodyKind.EXPERT_COUNCIL, is_demo=True).first()
    editorial = Body.objects.filter(kind=BodyKind.EDITORIAL_GROUP, is_demo=True).first()
    writers = []
    if editorial is not None:
        writers = [
            m.person
            for m in BodyMember.objects.filter(body=editorial)
            .select_related("person")
            .order_by("pk")
        ]
    if not writers:
        writers = list(Person.objects.filter(is_demo=True).order_by("pk")[:6])
    document = document_create(
        actor=None,
        title=STRATEGY_TITLE + " (демо)",
        slug="strategiya-2024-2032-demo"
        if not Document.objects.filter(slug="strategiya-2024-2032-demo").exists()
        else "",
        period_from=2024,
        period_to=2032,
        reviewing_body=council,
        is_demo=True,
    )
    today = timezone.localdate()
    sections = list(document.sections.order_by("order"))
    for index, section in enumerate(sections, start=1):
        owner = writers[(index - 1) % len(writers)] if writers else None
        section_update_settings(
            actor=None,
            section=section,
            owner=owner,
            owner_body=editorial,
            # one deadline already passed, to show the slip on the dashboard
            deadline=today + datetime.timedelta(days=-5 if index == 3 else 30 + 7 * index),
        )
        if index in DRAFTS:
            section.refresh_from_db()
            section_save(
                actor=None,
                section=section,
                text=DRAFTS[index],
                base_revision=section.current_revision_id,
                comment="Первый набросок (демо)",
            )
    lines = [f"Документ «{document.title}»: разделов {len(sections)}, с текстом {len(DRAFTS)}."]
    lines.extend(_outlined_documents(council))
    linked = _link_session_agenda(sections)
    if linked:
        lines.append(f"Пункты повестки стратегической сессии связаны с разделами: {linked}.")
    return lines


def _outlined_documents(council: Any) -> list[str]:
    """The work standard and the site concept, with the outlines the proposal implies."""
    from .models import DocumentKind

    lines = []
    for kind, title, slug, outline in (
        (DocumentKind.STANDARD, STANDARD_TITLE, "standart-raboty-zemlyachestva-demo",
         STANDARD_SECTIONS),
        (DocumentKind.SITE_CONCEPT, SITE_CONCEPT_TITLE, "koncepciya-sajta-demo",
         SITE_CONCEPT_SECTIONS),
    ):  # fmt: skip
        document = document_create(
            actor=None,
            title=title + " (демо)",
            kind=kind,
            slug=slug if not Document.objects.filter(slug=slug).exists() else "",
            period_from=2024,
            period_to=2032,
            reviewing_body=council,
            is_demo=True,
        )
        for section_title, guidance, text in outline:
            section_add(
                actor=None,
                document=document,
                title=section_title,
                guidance=guidance,
                text=text,
                is_demo=True,
            )
        written = sum(1 for _t, _g, text in outline if text)
        lines.append(f"Документ «{document.title}»: разделов {len(outline)}, с текстом {written}.")
    return lines


def _link_session_agenda(sections: list[Any]) -> int:
    """The demo strategic session works in sections, one per section of the strategy."""
    from zemlyaki.events.models import AgendaItem
    from zemlyaki.events.services import agenda_item_set_subject

    items = AgendaItem.objects.filter(
        event__is_demo=True, event__kind="strategic_session", subject_id__isnull=True
    ).order_by("order", "pk")
    linked = 0
    for item in items:
        number = item.title.removeprefix("Секция ").split(".", 1)[0]
        if number.isdigit() and 0 < int(number) <= len(sections):
            agenda_item_set_subject(actor=None, item=item, subject=sections[int(number) - 1])
            linked += 1
    return linked
