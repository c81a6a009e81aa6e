"""Synthetic persons for benchmarks: ``zemlyaki gen-data --people N``.

Rows go in with COPY on PostgreSQL and multi-row inserts elsewhere; the search columns
are computed exactly as the services compute them."""

import datetime
import random
from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandParser
from django.db import connection, transaction
from django.utils import timezone

from zemlyaki.core.models import Region
from zemlyaki.registry.models import Association

from .bulk import flush_search_index, insert_rows
from .demo import DISTRICTS, FEMALE, LAST_NAMES, MALE, PATRONYMICS
from .models import Competency, Consent, Interest, Membership, Person
from .normalize import match_name
from .services import DEFAULT_PURPOSE, person_texts

OCCUPATIONS = [
    "юрист", "адвокат", "нотариус", "врач", "хирург", "педиатр", "учитель", "преподаватель",
    "инженер", "энергетик", "экономист", "бухгалтер", "аудитор", "банкир", "журналист",
    "редактор", "программист", "аналитик данных", "архитектор", "строитель", "предприниматель",
    "менеджер", "государственный служащий", "агроном", "ветеринар", "режиссёр", "музыкант",
    "художник", "тренер", "социальный работник", "пенсионер", "студент", "военнослужащий",
    "полицейский", "водитель", "продавец", "повар", "фармацевт", "научный сотрудник", "инспектор",
]  # fmt: skip
WORKPLACES = [
    "Правительство Москвы", "ПАО «Сбербанк»", "ГКБ № 1", "Школа № 57", "МГУ им. М. В. Ломоносова",
    "ООО «Ромашка»", "АО «Мосэнерго»", "ТАСС", "Яндекс", "РЖД", "Моспроект", "Минсельхоз России",
    "Адвокатская палата г. Москвы", "ИП", "Театр на Таганке", "Росатом",
]  # fmt: skip

PERSON_COLUMNS = [
    "id", "last_name", "first_name", "patronymic", "birth_date", "phone", "email",
    "home_region_id", "home_place", "moscow_district", "occupation", "workplace", "user_id",
    "is_demo", "created_at", "updated_at", "search_text", "expertise_text", "show_as_expert",
    "is_initiative", "initiative_marked_by_id", "initiative_marked_at", "initiative_reason",
    "photo", "has_consent", "erased_at", "match_name",
]  # fmt: skip


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--people", type=int, default=0, help="сколько участников создать")


def _next_id(model: Any) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _reset_sequences(models: list[Any]) -> None:
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def generate(options: dict[str, Any], out: Callable[[str], None], batch: int = 20_000) -> None:
    count = options.get("people") or 0
    if not count:
        return
    rng = random.Random(options.get("seed", 1))
    associations = list(Association.objects.values_list("pk", flat=True))
    if not associations:
        out("Нет землячеств: сначала создайте их (--associations N).")
        return
    regions = list(Region.objects.values_list("pk", flat=True))
    competencies = list(Competency.objects.filter(parent__isnull=False).values_list("pk", "name"))
    interests = list(Interest.objects.filter(parent__isnull=False).values_list("pk", "name"))
    now = timezone.now()
    today = timezone.localdate()
    person_id = _next_id(Person)
    membership_id = _next_id(Membership)
    consent_id = _next_id(Consent)
    made = 0
    probe = Person()
    # PostgreSQL: the association marks of the search document (migration 0014).
    marks = ["association_marks"] if connection.vendor == "postgresql" else []
    while made < count:
        size = min(batch, count - made)
        persons: list[tuple[Any, ...]] = []
        memberships, c_links, i_links, consents = [], [], [], []
        for _ in range(size):
            female = rng.random() < 0.5
            last = rng.choice(LAST_NAMES)[1 if female else 0]
            first = rng.choice(FEMALE if female else MALE)
            patronymic = rng.choice(PATRONYMICS)[1 if female else 0]
            occupation = rng.choice(OCCUPATIONS)
            workplace = rng.choice(WORKPLACES)
            own_c = rng.sample(competencies, k=rng.choice([0, 1, 1, 2, 3]))
            own_i = rng.sample(interests, k=rng.choice([0, 1, 2]))
            probe.last_name, probe.first_name, probe.patronymic = last, first, patronymic
            probe.occupation, probe.workplace = occupation, workplace
            search, expertise = person_texts(probe, [n for _p, n in own_c], [n for _p, n in own_i])
            birth = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randint(0, 23_000))
            initiative = rng.random() < 0.05
            persons.append(
                (
                    person_id, last, first, patronymic, birth, f"+79{person_id:09d}",
                    f"p{person_id}@example.org" if person_id % 2 else "", rng.choice(regions), "",
                    rng.choice(DISTRICTS), occupation, workplace, None, False, now, now, search,
                    expertise, rng.random() < 0.3, initiative, None, now if initiative else None,
                    "синтетика" if initiative else "", "", True, None, match_name(last, first, patronymic),
                )
            )  # fmt: skip
            own_a = rng.sample(associations, k=1 if rng.random() < 0.9 else 2)
            for association_id in own_a:
                memberships.append(
                    (membership_id, person_id, association_id, "member", None, None, "")
                )
                membership_id += 1
            if marks:  # as the membership triggers would write them: they then rewrite none
                persons[-1] += (" ".join(sorted({f"~a{pk}" for pk in own_a})),)
            c_links += [(person_id, pk) for pk, _n in own_c]
            i_links += [(person_id, pk) for pk, _n in own_i]
            consents.append(
                (consent_id, person_id, DEFAULT_PURPOSE, "paper", today, None, now, None, None)
            )
            consent_id += 1
            person_id += 1
        with transaction.atomic():
            insert_rows("people_person", PERSON_COLUMNS + marks, persons)
            insert_rows(
                "people_membership",
                ["id", "person_id", "association_id", "role", "since", "until", "import_hash"],
                memberships,
            )
            insert_rows("people_person_competencies", ["person_id", "competency_id"], c_links)
            insert_rows("people_person_interests", ["person_id", "interest_id"], i_links)
            insert_rows(
                "people_consent",
                ["id", "person_id", "purpose", "form", "given_on", "recorded_by_id", "recorded_at", "withdrawn_on", "withdrawn_by_id"],
                consents,
            )  # fmt: skip
        made += size
    _reset_sequences([Person, Membership, Consent])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE people_person")
            cursor.execute("ANALYZE people_membership")
            cursor.execute("ANALYZE people_person_competencies")
            cursor.execute("ANALYZE people_person_interests")
    flush_search_index(count)
    out(f"Создано участников: {count}.")


def benchmark_queries() -> list[dict[str, Any]]:
    """The ten typical expert-search queries of the benchmark (and of the test that
    fixes their results on a generated data set)."""
    surgery = Competency.objects.get(name="Хирургия").pk
    slug = Association.objects.order_by("pk").values_list("slug", flat=True).first()
    return [
        {"q": "юрист"},
        {"q": "врачи"},
        {"q": "программиста"},
        {"q": "экономист"},
        {"q": "корпоративное право"},
        {"q": "учитель", "region": "68"},
        {"competency": surgery},
        {"q": "журналисты", "initiative": True},
        {"q": "инженер", "expert": True},
        {"q": "архитектор", "association": slug},
    ]
