"""The registries through which apps contribute to each other without importing upwards.

``core`` knows no app: it only defines the shapes below. Each app registers what it
offers in its ``AppConfig.ready()``; an app that needs the contributions of others (the
strategy renders inserts, the home page lists items, an indicator computes a measure)
looks them up here by key. Apps are layered (see ``docs/architecture.md``): a lower app
never imports a higher one, and a registry is how a higher app plugs into a lower one.

Registries are filled in the order of ``INSTALLED_APPS`` and never change afterwards.
"""

import datetime
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

T = TypeVar("T")
Text = str | Promise  # a label, usually gettext_lazy(...)


class Registry(Generic[T]):
    """Named entries of one kind, in registration order; a key is registered once."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, T] = {}

    def register(self, key: str, entry: T) -> T:
        known = self._entries.get(key)
        if known is not None and known != entry:
            raise ImproperlyConfigured(f"{self.name}: {key!r} is registered twice")
        self._entries[key] = entry
        return entry

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def get(self, key: str) -> T | None:
        return self._entries.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)

    def keys(self) -> list[str]:
        return list(self._entries)


# ---------------------------------------------------------------- document inserts

Insert = dict[str, Any]  # {"kind": "table"|"chart"|"note", "title": str, ...}


@dataclass(frozen=True)
class InsertProvider:
    """Live data for a marker in a document's text (``{{ table:bodies }}``).

    ``build()`` returns a plain, JSON-safe structure: a table (``headers``, ``rows``), a
    chart (``svg`` and the ``data`` it was drawn from) or a note (``text``). ``picture``
    draws a chart's carried data as a PNG for the DOCX export (None: the export writes
    the chart's title only).
    """

    key: str
    label: Text
    build: Callable[[], Insert]
    picture: Callable[[Insert], bytes | None] | None = None


inserts: Registry[InsertProvider] = Registry("inserts")


def register_insert(provider: InsertProvider) -> None:
    inserts.register(provider.key, provider)


# ---------------------------------------------------------------- measures


@dataclass(frozen=True)
class Period:
    """Dates from ``start`` to ``end``, both included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


Number = int | float | Decimal


@dataclass(frozen=True)
class Measure:
    """A named computation over the platform's data, for indicators: the value for one
    association (or for all of them when it is None) over a period.

    ``by_association(period)``, when given, answers for every association at once
    (association id → value; an association missing from the answer has 0) in one grouped
    query, so that a refresh over a hundred associations does not ask a hundred times; it
    must agree with ``compute`` for each association.
    """

    name: str
    label: Text
    unit: Text
    compute: Callable[[Any, Period], Number]
    by_association: Callable[[Period], Mapping[Any, Number]] | None = None


measures: Registry[Measure] = Registry("measures")


def register_measure(measure: Measure) -> None:
    measures.register(measure.name, measure)


def measure_value(name: str, association: Any, period: Period) -> Number:
    measure = measures.get(name)
    if measure is None:
        raise KeyError(name)
    return measure.compute(association, period)


# ---------------------------------------------------------------- home page

GUEST = "guest"  # the role of an anonymous visitor; others are ``user.role`` values


@dataclass(frozen=True)
class HomeItem:
    """A block of the home page: a template rendered with ``context(request)``, shown to
    the roles listed (None: to everyone, guests included). Lower ``order`` comes first.

    ``kind`` is ``"block"`` (a section of its own) or ``"figure"`` (one number in the row
    of figures at the top, e.g. ``core/partials/_home_figure.html``). A block that renders
    to nothing (nothing to do) is left out. Two shared templates serve most items:
    ``core/partials/_home_list.html`` (a titled list of things to do, each with its link)
    and ``core/partials/_home_figure.html`` (a number, its label and its link)."""

    key: str
    template: str
    context: Callable[[Any], dict[str, Any]]
    roles: frozenset[str] | None = None
    order: int = 100
    kind: str = "block"


home_items: Registry[HomeItem] = Registry("home items")


def register_home_item(item: HomeItem) -> None:
    home_items.register(item.key, item)


def home_items_for(user: Any) -> list[HomeItem]:
    role = getattr(user, "role", "") if getattr(user, "is_authenticated", False) else GUEST
    shown = [item for item in home_items if item.roles is None or role in item.roles]
    return sorted(shown, key=lambda item: item.order)


# ---------------------------------------------------------------- linkable objects


@dataclass(frozen=True)
class Linkable:
    """A kind of object other apps may link to, discuss or act on (an agenda item's
    section, a decision's plan): its model label, its name in the plural, and the objects
    one may choose from."""

    label: str  # "strategy.section"
    title: Text
    objects: Callable[[], Any]  # a QuerySet of the objects to choose from


linkables: Registry[Linkable] = Registry("linkables")


def register_linkable(linkable: Linkable) -> None:
    linkables.register(linkable.label, linkable)


def linkable_choices(label: str, limit: int = 200) -> list[Any]:
    """Up to ``limit`` objects of a linkable kind; none when no app provides it."""
    linkable = linkables.get(label)
    return [] if linkable is None else list(linkable.objects()[:limit])


def linkable_object(label: str, pk: Any) -> Any:
    """One object of a linkable kind, or None."""
    linkable = linkables.get(label)
    return None if linkable is None else linkable.objects().filter(pk=pk).first()


# ---------------------------------------------------------------- object panels


@dataclass(frozen=True)
class ObjectPanel:
    """A block a higher app adds to the pages of other apps' objects (the discussions
    attached to a section, a task, an event). ``context(request, obj)`` returns the
    template's context, or None when the panel has nothing to show to this reader.
    The page includes ``{% object_panels obj %}`` and imports no owner of a panel."""

    key: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


object_panels: Registry[ObjectPanel] = Registry("object panels")


def register_object_panel(panel: ObjectPanel) -> None:
    object_panels.register(panel.key, panel)


# ---------------------------------------------------------------- actions and facts

# What a decision of a meeting does in the platform: effect code → the owner's service.
decision_effects: Registry[Callable[..., Any]] = Registry("decision effects")

# Facts about a user that a higher app knows (``"body_member"``): name → check.
user_facts: Registry[Callable[[Any], bool]] = Registry("user facts")


def user_fact(name: str, user: Any) -> bool:
    check = user_facts.get(name)
    return bool(check is not None and check(user))


# ---------------------------------------------------------------- personal data

Record = dict[str, Any]  # one record about a person, plain and JSON-safe


@dataclass(frozen=True)
class PersonalDataHolder:
    """What one app holds about a person of the registry (152-FZ, articles 14 and 21).

    ``export(person, user)`` lists the app's records about the person (found by their
    card, their login — which may be None — or their address) as JSON-safe dicts, never
    hashes or keys; ``erase(person, user, actor)`` erases or anonymises them inside the
    caller's transaction and returns how many records it changed. ``person`` still holds
    its data when ``erase`` is called: the card is anonymised after every holder ran.
    """

    label: str  # "events.registrations"
    title: Text
    export: Callable[[Any, Any], list[Record]]
    erase: Callable[[Any, Any, Any], int]


personal_data: Registry[PersonalDataHolder] = Registry("personal data")


def register_personal_data(holder: PersonalDataHolder) -> None:
    personal_data.register(holder.label, holder)


# ---------------------------------------------------------------- demo and synthetic data


@dataclass(frozen=True)
class DemoData:
    """An app's demonstration data: ``load(out)`` returns lines to print (e.g. logins);
    ``has_data()`` tells whether the app already holds any records of its own."""

    load: Callable[[Callable[[str], None]], list[str]]
    has_data: Callable[[], bool] | None = None


demo_data: Registry[DemoData] = Registry("demo data")


@dataclass(frozen=True)
class DataGenerator:
    """Synthetic data for benchmarks: options of ``zemlyaki gen-data`` and the generator."""

    add_arguments: Callable[[Any], None]
    generate: Callable[[dict[str, Any], Callable[[str], None]], None]


data_generators: Registry[DataGenerator] = Registry("data generators")
