"""The data `make prod-check` and the load run need, made through the platform's services
in the layout's database; prints them as JSON: tokens, an association, a strategy section
and a public event open for registration.

Run by scripts/prod_layout.py with the layout's environment (production settings).
"""

import datetime
import json
import sys

import django


def main() -> int:
    django.setup()
    from django.utils import timezone

    from zemlyaki.accounts.services import token_create, user_create
    from zemlyaki.core.models import Region
    from zemlyaki.events.services import event_create
    from zemlyaki.registry.models import Association
    from zemlyaki.registry.services import association_create
    from zemlyaki.strategy.services import document_create

    association = Association.objects.order_by("pk").first()
    if association is None:
        association = association_create(
            actor=None,
            name="Тамбовское землячество",
            short_name="Тамбовское",
            regions=Region.objects.filter(code="68"),
        )
    coordinator = user_create(username="prodcheck-coordinator", role="coordinator")
    leader = user_create(username="prodcheck-leader", role="leader")
    association.leaders.add(leader)
    document = document_create(actor=None, title="Стратегия (проверка установки)")
    section = document.sections.order_by("order").first()
    event = event_create(
        actor=None,
        kind="round_table",
        title="Круглый стол (проверка установки)",
        starts_at=timezone.now().replace(microsecond=0) + datetime.timedelta(days=30),
        is_public=True,
        registration_open=True,
    )
    json.dump(
        {
            "association": association.slug,
            "slugs": list(Association.objects.order_by("pk").values_list("slug", flat=True)[:50]),
            "coordinator_token": token_create(user=coordinator, name="prod-check")[1],
            "leader_token": token_create(user=leader, name="prod-check")[1],
            "section": section.pk if section else None,
            "event": event.pk,
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
