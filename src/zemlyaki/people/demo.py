"""Demonstration members and experts of the demo associations, all marked ``is_demo``."""

import datetime
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model

from zemlyaki.registry.models import Association

from .models import Competency, ConsentForm, Interest, MembershipRole, Person
from .services import (
    candidate_add,
    candidate_list_create,
    person_create,
    person_link_user,
    person_set_initiative,
)

LAST_NAMES = [
    ("Иванов", "Иванова"), ("Смирнов", "Смирнова"), ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"), ("Васильев", "Васильева"), ("Петров", "Петрова"),
    ("Соколов", "Соколова"), ("Михайлов", "Михайлова"), ("Новиков", "Новикова"),
    ("Фёдоров", "Фёдорова"), ("Морозов", "Морозова"), ("Волков", "Волкова"),
    ("Алексеев", "Алексеева"), ("Лебедев", "Лебедева"), ("Семёнов", "Семёнова"),
    ("Егоров", "Егорова"), ("Павлов", "Павлова"), ("Козлов", "Козлова"),
]  # fmt: skip
MALE = ["Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Михаил", "Николай", "Игорь"]
FEMALE = ["Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Анна", "Мария"]
PATRONYMICS = [
    ("Александрович", "Александровна"), ("Сергеевич", "Сергеевна"), ("Иванович", "Ивановна"),
    ("Петрович", "Петровна"), ("Николаевич", "Николаевна"), ("Викторович", "Викторовна"),
]  # fmt: skip
JOBS = [
    ("юрист", "Адвокатская палата г. Москвы", ["Корпоративное право", "Адвокатская деятельность"]),
    ("врач-хирург", "ГКБ им. С. П. Боткина", ["Хирургия", "Организация здравоохранения"]),
    ("учитель истории", "Школа № 1535", ["Школьное образование"]),
    ("инженер-энергетик", "ПАО «Россети»", ["Энергетика"]),
    ("экономист", "Сбербанк", ["Финансовый анализ", "Банковское дело"]),
    ("журналист", "ТАСС", ["Журналистика", "Связи с общественностью"]),
    ("программист", "Яндекс", ["Разработка программного обеспечения", "Анализ данных"]),
    ("архитектор", "Моспроект", ["Проектирование зданий", "Градостроительство"]),
    ("предприниматель", "ООО «Родные края»", ["Малый и средний бизнес", "Торговля"]),
    ("государственный служащий", "Правительство Москвы", ["Государственная служба", "Национальная политика"]),
    ("агроном", "ТСХА им. К. А. Тимирязева", ["Агрономия"]),
    ("режиссёр", "Театр на Таганке", ["Театр"]),
]  # fmt: skip
INTERESTS = [
    "История края",
    "Поддержка земляков",
    "Молодёжь",
    "Волонтёрство",
    "Народные традиции",
    "Экология",
    "Ветераны",
]
DISTRICTS = [
    "Хамовники",
    "Тверской",
    "Басманный",
    "Марьино",
    "Митино",
    "Строгино",
    "Люблино",
    "Сокольники",
]


def load(out: Callable[[str], None]) -> list[str]:
    rng = random.Random(2024)
    associations = list(Association.objects.filter(is_demo=True).prefetch_related("regions"))
    if not associations:
        return []
    consent = {
        "purpose": "учёт членов землячества и формирование экспертного сообщества",
        "form": ConsentForm.PAPER,
    }
    total = 0
    experts: list[Person] = []
    for index, association in enumerate(associations):
        region = association.regions.all()[0]
        for n in range(5 if index < 6 else 2):
            female = rng.random() < 0.5
            last = rng.choice(LAST_NAMES)[1 if female else 0]
            first = rng.choice(FEMALE if female else MALE)
            patronymic = rng.choice(PATRONYMICS)[1 if female else 0]
            job, workplace, competencies = rng.choice(JOBS)
            person = person_create(
                actor=None,
                data={
                    "last_name": last,
                    "first_name": first,
                    "patronymic": patronymic,
                    "birth_date": datetime.date(
                        rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28)
                    ),
                    "phone": f"+7916{index:03d}{n:04d}",
                    "email": f"member{index}-{n}@demo.zemlyaki.local",
                    "home_region": region,
                    "moscow_district": rng.choice(DISTRICTS),
                    "occupation": job,
                    "workplace": workplace,
                    "competencies": competencies,
                    "interests": rng.sample(INTERESTS, k=2),
                    "show_as_expert": rng.random() < 0.6,
                },
                association=association,
                role=MembershipRole.CHAIR if n == 0 else MembershipRole.MEMBER,
                consent={**consent, "given_on": datetime.date(2024, 3, 1)},
                is_demo=True,
            )
            total += 1
            if person.show_as_expert:
                experts.append(person)
            if n == 1:
                person_set_initiative(
                    actor=None, person=person, value=True, reason="Провёл(а) вечер земляков (демо)"
                )
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["member", "leader"])
    }
    lines = [f"Участников: {total}, из них согласились на показ как эксперты: {len(experts)}."]
    tambov = next(
        (a for a in associations if a.short_name == "Тамбовское землячество"), associations[0]
    )
    if "member" in users:
        me = person_create(
            actor=None,
            data={
                "last_name": "Землякова",
                "first_name": "Ольга",
                "patronymic": "Петровна",
                "birth_date": datetime.date(1985, 5, 17),
                "email": "member@demo.zemlyaki.local",
                "home_region": tambov.regions.all()[0],
                "occupation": "юрисконсульт",
                "workplace": "АО «Мосэнерго»",
                "competencies": ["Корпоративное право", "Трудовое право"],
                "interests": ["История края", "Волонтёрство"],
                "show_as_expert": True,
            },
            association=tambov,
            consent={**consent, "form": ConsentForm.ONLINE, "given_on": datetime.date(2024, 4, 2)},
            is_demo=True,
        )
        person_link_user(actor=None, person=me, user=users["member"])
        lines.append("Учётная запись member связана с профилем «Землякова Ольга Петровна».")
    if "leader" in users:
        chief = person_create(
            actor=None,
            data={
                "last_name": "Беликов",
                "first_name": "Андрей",
                "occupation": "председатель землячества",
            },
            association=tambov,
            role=MembershipRole.CHAIR,
            consent={**consent, "given_on": datetime.date(2024, 3, 1)},
            is_demo=True,
        )
        person_link_user(actor=None, person=chief, user=users["leader"])
    candidate_list = candidate_list_create(
        actor=None,
        name="Кандидаты в расширенный экспертный совет (демо)",
        purpose="Эксперты из числа членов землячеств для расширенного экспертного совета.",
        is_demo=True,
    )
    candidate_add(
        actor=None, candidate_list=candidate_list, persons=experts[:8], note="по итогам поиска"
    )
    lines.append(
        f"Словари: компетенций — {Competency.objects.count()}, интересов — {Interest.objects.count()}."
    )
    return lines
