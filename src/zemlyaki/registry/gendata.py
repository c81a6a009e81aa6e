"""Synthetic associations for benchmarks: ``zemlyaki gen-data --associations N``."""

import random
from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandParser
from django.db import transaction

from zemlyaki.core.models import Region
from zemlyaki.core.text import search_document

from .models import Association, AssociationStatus

WORDS = ["землячество", "содружество", "общество земляков", "союз", "клуб земляков"]


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--associations", type=int, default=0, help="сколько землячеств создать")


def _adjective(region: Region) -> str:
    head = region.name.split()[0]
    if head.endswith("ая"):
        return head[:-2] + "ое"
    return f"Землячество «{region.name}»"


def generate(options: dict[str, Any], out: Callable[[str], None]) -> None:
    count = options.get("associations") or 0
    if not count:
        return
    rng = random.Random(options.get("seed", 1))
    regions = list(Region.objects.all())
    start = Association.objects.count()
    statuses = [AssociationStatus.ACTIVE] * 8 + [AssociationStatus.SUSPENDED]
    batch: list[tuple[Association, list[Region]]] = []
    with transaction.atomic():
        for n in range(start, start + count):
            home = rng.sample(regions, k=rng.choice([1, 1, 1, 2]))
            name = f"{_adjective(home[0])} {rng.choice(WORDS)} № {n + 1}"
            association = Association(
                name=name,
                short_name=name,
                slug=f"gen-{n + 1}",
                founded_year=rng.randint(1990, 2024),
                status=rng.choice(statuses),
                description="Синтетическая запись для замеров производительности.",
                search_text=search_document(name, " ".join(r.name for r in home)),
            )
            batch.append((association, home))
        Association.objects.bulk_create([a for a, _ in batch], batch_size=1000)
        through = Association.regions.through
        through.objects.bulk_create(
            [through(association_id=a.pk, region_id=r.pk) for a, rs in batch for r in rs],
            batch_size=5000,
        )
    out(f"Создано землячеств: {count}.")
