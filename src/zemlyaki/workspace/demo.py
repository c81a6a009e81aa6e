"""Demo spaces: the demo bodies' discussions on two strategy sections and the plan, a
library with the seed, the reports' summary and a standard draft in two versions, and a
messenger connection pointed at nothing (disabled) to show its settings."""

from collections.abc import Callable

from django.core.files.base import ContentFile

from zemlyaki.core.registries import linkables
from zemlyaki.governance.models import Body

from . import library, services
from .models import Connection, File, Post, Space, Thread


def _demo_user(body: Body) -> object | None:
    from .access import body_member_users

    return body_member_users(body.pk).order_by("pk").first()


def _upload(actor: object, space: Space, name: str, text: str, title: str) -> File:
    upload = ContentFile(text.encode(), name=name)
    return library.file_upload(actor=actor, space=space, upload=upload, title=title)


def load(out: Callable[[str], None]) -> list[str]:
    bodies = list(Body.objects.filter(is_demo=True).order_by("pk"))
    made = 0
    for body in bodies:
        actor = _demo_user(body)
        space = services.space_for_body(actor=None, body=body)
        Space.objects.filter(pk=space.pk).update(is_demo=True)
        if actor is None or space.threads.exists():
            continue
        made += 1
        seed = _upload(
            actor,
            space,
            "seed.txt",
            "Задание на разработку стратегии: координация участников и обмен материалами.",
            "Исходное задание",
        )
        _upload(
            actor,
            space,
            "reports-summary.txt",
            "Сводка годовых отчётов землячеств.",
            "Сводка отчётов",
        )
        draft = _upload(
            actor, space, "standard-draft.txt", "Проект стандарта, редакция 1.", "Проект стандарта"
        )
        library.version_upload(
            actor=actor,
            file=draft,
            upload=ContentFile("Проект стандарта, редакция 2.".encode(), name="standard-draft.txt"),
            note="Учтены замечания",
        )
        targets = []
        sections = linkables.get("strategy.section")
        if sections is not None:
            targets += list(sections.objects()[:2])
        plans = linkables.get("plan.plan")
        if plans is not None:
            targets += list(plans.objects()[:1])
        for target in targets:
            services.thread_create(
                actor=actor,
                space=space,
                title=f"Обсуждение: {target}"[:300],
                text="Предлагаю обсудить **этот раздел** до заседания.",
                target=target,
                attachments=[seed],
            )
        Connection.objects.get_or_create(
            space=space,
            defaults={"chat_id": "-1000000000000", "token_name": "demo", "enabled": False},
        )
    Thread.objects.filter(space__is_demo=True).update(is_demo=True)
    Post.objects.filter(thread__is_demo=True).update(is_demo=True)
    File.objects.filter(space__is_demo=True).update(is_demo=True)
    out(f"workspace: {len(bodies)} пространств, заполнено {made}")
    return []
