"""A demonstration strategy: the six sections, some with draft text, owners and owning
bodies taken from the demo people and bodies when they are there; all marked is_demo."""

import datetime
from collections.abc import Callable

from django.utils import timezone

from .models import Document
from .services import document_create, section_save, section_update_settings
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
    return [f"Документ «{document.title}»: разделов {len(sections)}, с текстом {len(DRAFTS)}."]
