import datetime
from decimal import Decimal

from tests.accounts.factories import UserFactory
from tests.people.factories import make_person
from tests.registry.factories import make_association, make_stakeholder
from zemlyaki.programs import services

D = datetime.date
_counter = iter(range(1, 100_000))


def make_program(title="Молодёжь землячеств", actor=None, **fields):
    fields.setdefault("start", D(2025, 1, 1))
    fields.setdefault("end", D(2027, 12, 31))
    return services.program_create(actor=actor, title=title, **fields)


def make_need(program, kind="money", quantity="100000", unit="rub", **fields):
    return services.need_create(
        actor=None, program=program, kind=kind, quantity=Decimal(quantity), unit=unit, **fields
    )


def make_pledge(program, quantity="1000", unit="rub", giver=None, need=None, **fields):
    if giver is None:
        giver = make_stakeholder(name=f"Фонд {next(_counter)}")
    label = giver._meta.label_lower.split(".")[1]
    return services.pledge_create(
        actor=None,
        program=program,
        need=need,
        quantity=Decimal(quantity),
        unit=unit,
        kind=fields.pop("kind", need.kind if need else "money"),
        **{label: giver},
        **fields,
    )


def representative(stakeholder, username=None):
    """A user whose person represents ``stakeholder``."""
    user = UserFactory(role="member", username=username or f"rep{next(_counter)}")
    person = make_person(last=f"Представителев{next(_counter)}", first="Пётр")
    person.user = user
    person.save(update_fields=["user"])
    services.representative_add(actor=None, stakeholder=stakeholder, person=person)
    return user


def leader_of(association, username=None):
    user = UserFactory(role="leader", username=username or f"lead{next(_counter)}")
    association.leaders.add(user)
    return user


__all__ = ["make_association", "make_stakeholder", "make_person"]
