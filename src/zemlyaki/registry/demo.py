"""Demonstration associations and stakeholders, all marked ``is_demo``."""

from collections.abc import Callable

from django.contrib.auth import get_user_model

from zemlyaki.core.models import Region
from zemlyaki.core.validators import make_inn10, make_ogrn

from .models import AssociationStatus, LegalForm, StakeholderKind
from .services import association_add_leader, association_create, stakeholder_create

DEMO_NOTE = "Демонстрационная запись: сведения вымышлены."

# (short name, region codes, founded, status)
ASSOCIATIONS = [
    ("Тамбовское землячество", ["68"], 1996, AssociationStatus.ACTIVE),
    ("Рязанское землячество", ["62"], 1998, AssociationStatus.ACTIVE),
    ("Воронежское землячество", ["36"], 1997, AssociationStatus.ACTIVE),
    ("Тульское землячество", ["71"], 2001, AssociationStatus.ACTIVE),
    ("Смоленское землячество", ["67"], 1995, AssociationStatus.ACTIVE),
    ("Брянское землячество", ["32"], 2003, AssociationStatus.SUSPENDED),
    ("Архангельское землячество", ["29", "83"], 1999, AssociationStatus.ACTIVE),
    ("Вологодское землячество", ["35"], 2000, AssociationStatus.ACTIVE),
    ("Псковское землячество", ["60"], 2005, AssociationStatus.ACTIVE),
    ("Кубанское землячество", ["23"], 1994, AssociationStatus.ACTIVE),
    ("Донское землячество", ["61"], 1993, AssociationStatus.ACTIVE),
    ("Волгоградское землячество", ["34"], 2002, AssociationStatus.ACTIVE),
    ("Астраханское землячество", ["30"], 2008, AssociationStatus.LIQUIDATED),
    ("Дагестанское землячество", ["05"], 1997, AssociationStatus.ACTIVE),
    ("Ставропольское землячество", ["26"], 2004, AssociationStatus.ACTIVE),
    ("Нижегородское землячество", ["52"], 1996, AssociationStatus.ACTIVE),
    ("Саратовское землячество", ["64"], 1999, AssociationStatus.ACTIVE),
    ("Пензенское землячество", ["58"], 2006, AssociationStatus.ACTIVE),
    ("Свердловское землячество", ["66"], 2001, AssociationStatus.ACTIVE),
    ("Челябинское землячество", ["74"], 2003, AssociationStatus.ACTIVE),
    ("Сибирское землячество", ["54", "55", "70", "22"], 1995, AssociationStatus.ACTIVE),
    ("Якутское землячество", ["14"], 2000, AssociationStatus.ACTIVE),
    ("Приморское землячество", ["25"], 2007, AssociationStatus.ACTIVE),
    ("Курское землячество", ["46"], 2010, AssociationStatus.ACTIVE),
]

STAKEHOLDERS = [
    (StakeholderKind.RUSSIAN_FEDERATION, "Федеральное агентство по делам национальностей", []),
    (StakeholderKind.REGION_OF_ACTIVITY, "Департамент национальной политики и межрегиональных связей города Москвы", ["77"]),
    (StakeholderKind.HOME_REGION, "Постоянное представительство Тамбовской области в Москве", ["68"]),
    (StakeholderKind.PARTNER_REGIONS, "Ассоциация приграничных регионов Черноземья", ["68", "62", "36"]),
    (StakeholderKind.COMMUNITY, "Совет землячеств при Общественной палате города Москвы", ["77"]),
    (StakeholderKind.BUSINESS, "Клуб предпринимателей-земляков «Родные края»", ["77", "68"]),
    (StakeholderKind.MEDIA, "Интернет-журнал «Земляки Москвы»", ["77"]),
    (StakeholderKind.PUBLIC_INSTITUTIONS, "Дом народов России", ["77"]),
]  # fmt: skip


def _digits(seed: int, length: int) -> str:
    value = (seed * 7919 + 104729) % (10**length)
    return str(value).rjust(length, "1")


def load(out: Callable[[str], None]) -> list[str]:
    regions = {r.code: r for r in Region.objects.all()}
    created = {}
    for index, (short, codes, founded, status) in enumerate(ASSOCIATIONS, start=1):
        association = association_create(
            actor=None,
            name=f"Региональная общественная организация «{short}» (демо)",
            short_name=short,
            regions=[regions[c] for c in codes],
            legal_form=LegalForm.REGIONAL_PUBLIC,
            ogrn=make_ogrn("10277" + _digits(index, 7)),
            inn=make_inn10("77" + _digits(index + 50, 7)),
            founded_year=founded,
            status=status,
            address=f"Москва, ул. Земляков, д. {index}",
            phone=f"+7 495 100-{index:02d}-{index + 10:02d}",
            email=f"info{index}@demo.zemlyaki.local",
            description=f"{DEMO_NOTE} Объединяет уроженцев и друзей края, живущих в Москве.",
            is_demo=True,
        )
        created[short] = association
    leader = get_user_model().objects.filter(username="leader").first()
    if leader is not None:
        association_add_leader(
            actor=None, association=created["Тамбовское землячество"], user=leader
        )
    for kind, name, codes in STAKEHOLDERS:
        stakeholder_create(
            actor=None,
            kind=kind,
            name=f"{name} (демо)",
            regions=[regions[c] for c in codes],
            description=DEMO_NOTE,
            contact_person="Иванов Иван Иванович",
            email="contact@demo.zemlyaki.local",
            is_demo=True,
        )
    stakeholder_create(
        actor=None,
        kind=StakeholderKind.ASSOCIATIONS,
        name="Тамбовское землячество (демо)",
        association=created["Тамбовское землячество"],
        regions=[regions["68"]],
        description=DEMO_NOTE,
        is_demo=True,
    )
    stakeholder_create(
        actor=None,
        kind=StakeholderKind.MEMBERS,
        name="Актив членов землячеств (демо)",
        description=DEMO_NOTE,
        is_demo=True,
    )
    return [f"Землячеств: {len(created)}, субъектов стратегии: {len(STAKEHOLDERS) + 2}."]
