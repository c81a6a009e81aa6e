"""Reads of the people app: who may be seen, expert search, member lists.

The text of the search and its pages live in ``search``; their names are here too."""

from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from zemlyaki.core.models import Region
from zemlyaki.core.text import fold, words
from zemlyaki.registry.models import Association

from .models import (
    AccessLogEntry,
    CandidateList,
    Competency,
    Interest,
    MemberImport,
    Membership,
    Person,
)
from .search import (
    FTS_SQL,
    NAME_ORDER,
    RANKED_ORDER,
    SEARCH_COUNT_LIMIT,
    VOCABULARY_TTL,
    DocumentMatch,
    SearchSlice,
    SearchTerms,
    _like_q,
    _rank,
    filter_marks,
    forget_vocabulary,
    fts5_query,
    lead_group,
    match_sql,
    search_page,
    search_slice,
    search_terms,
    term_ids,
    text_filter,
    tsquery,
    vocabulary_keys,
)

# ---------------------------------------------------------------- visibility


def visible_persons(user: Any) -> QuerySet[Person]:
    """The persons a user may find: those ``Person.objects.visible_to`` admits (see
    ``people.visibility``), without erased records."""
    return Person.objects.visible_to(user).filter(erased_at__isnull=True)


def limited_view(user: Any, person: Person) -> bool:
    """True when the user may see only the name and competencies (body members)."""
    from .rules import allowed

    return not allowed(user, "people.view_person_details", person)


def detail_ids(user: Any, qs: QuerySet[Person]) -> set[int]:
    """Of ``qs``, the persons whose full profile the (non-coordinator) user may see."""
    condition: Any = Q(user=user)
    if user.role == "leader":
        condition |= Exists(
            Membership.objects.filter(person=OuterRef("pk"), association__leaders=user)
        )
    return set(qs.filter(condition).values_list("pk", flat=True))


def _term_ids(model: Any, value: Any) -> list[int]:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return [-1]
    return term_ids(model, pk)


def surname_rank(q: str, prefix: str = "") -> Any:
    """2 when a word of the query is the person's surname, 1 when the surname starts with
    one, 0 otherwise: «Петров» finds Петров before Петрова and Петровский, and those
    before the Ивановы with the patronymic Петрович. Compared on the folded full name."""
    exact, starts = Q(), Q()
    for word in words((q or "").replace("-", " "))[:8]:
        folded = fold(word)
        exact |= Q(**{f"{prefix}match_name": folded})
        exact |= Q(**{f"{prefix}match_name__startswith": f"{folded} "})
        starts |= Q(**{f"{prefix}match_name__startswith": folded})
    if not starts:
        return Value(0, output_field=IntegerField())
    return Case(
        When(exact, then=Value(2)),
        When(starts, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def person_search(
    *,
    user: Any,
    q: str = "",
    competency: Any = None,
    interest: Any = None,
    association: str = "",
    region: str = "",
    district: str = "",
    initiative: bool | None = None,
    expert: bool | None = None,
) -> tuple[QuerySet[Person], SearchTerms]:
    """Expert search within what the user may see, ranked when there is a text query."""
    qs = visible_persons(user)
    terms = search_terms(q)
    if terms and connection.vendor == "postgresql":
        # The filters on the person's own columns are marks of the indexed document: the
        # GIN index finds the text matches that pass them at once.
        regions = None
        if region or district:
            found = Region.objects.filter(code=region) if region else Region.objects.all()
            if district:
                found = found.filter(federal_district__code=district)
            regions = list(found.values_list("pk", flat=True))
        associations = None
        if association:
            found_associations = Association.objects.filter(slug=association)
            associations = list(found_associations.values_list("pk", flat=True))
        terms.marks = filter_marks(
            initiative=initiative, expert=expert, regions=regions, associations=associations
        )
        region = district = association = ""
        initiative = expert = None
        terms.lead = lead_group(terms, SEARCH_COUNT_LIMIT + 1)
    if terms:
        # On SQLite a word matches some thousands of persons in 100 000, an association
        # has about a thousand members: the members are read and tested against the FTS5
        # matches, not every match looked up for its membership.
        qs = qs.filter(text_filter(terms, leads=not association))
    if competency:
        # ``pk IN (links)`` rather than EXISTS: the database starts from the link
        # table's index on the term instead of testing every person.
        link: Any = Person.competencies.through.objects.filter(
            competency_id__in=_term_ids(Competency, competency)
        )
        qs = qs.filter(pk__in=link.values("person_id"))
    if interest:
        interest_link: Any = Person.interests.through.objects.filter(
            interest_id__in=_term_ids(Interest, interest)
        )
        qs = qs.filter(pk__in=interest_link.values("person_id"))
    if association:
        members = Membership.objects.filter(association__slug=association)
        qs = qs.filter(pk__in=members.values("person_id"))
    if region:
        qs = qs.filter(home_region__code=region)
    if district:
        qs = qs.filter(home_region__federal_district__code=district)
    if initiative is not None:
        qs = qs.filter(is_initiative=initiative)
    if expert is not None:
        qs = qs.filter(show_as_expert=expert)
    qs = qs.defer("search_text", "expertise_text", "match_name").select_related("home_region")
    qs = qs.prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("name")),
        Prefetch("interests", queryset=Interest.objects.order_by("name")),
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("association").order_by("association__name"),
        ),
    )
    if terms:
        qs = qs.annotate(rank=_rank(terms), surname=surname_rank(q)).order_by(
            "-surname", "-rank", "-is_initiative", "last_name", "first_name", "pk"
        )
    else:
        qs = qs.annotate(rank=Value(0, output_field=IntegerField())).order_by(
            "last_name", "first_name", "patronymic", "pk"
        )
    return qs, terms


# ---------------------------------------------------------------- member lists

MEMBER_SORTS = {
    "name": ("person__last_name", "person__first_name", "person__patronymic", "pk"),
    "-name": ("-person__last_name", "-person__first_name", "-person__patronymic", "-pk"),
    "role": ("role", "person__last_name", "person__first_name", "pk"),
    "since": ("since", "person__last_name", "pk"),
    "-since": ("-since", "person__last_name", "pk"),
    "birth_date": ("person__birth_date", "person__last_name", "pk"),
}


def member_list(
    *,
    association: Any,
    q: str = "",
    role: str = "",
    initiative: bool | None = None,
    sort: str = "name",
) -> QuerySet[Membership]:
    qs = Membership.objects.filter(association=association, person__erased_at__isnull=True)
    terms = search_terms(q)
    if terms:
        qs = qs.filter(_like_q(terms, "person__search_text"))
    if role:
        qs = qs.filter(role=role)
    if initiative is not None:
        qs = qs.filter(person__is_initiative=initiative)
    order = MEMBER_SORTS.get(sort, MEMBER_SORTS["name"])
    if terms and sort in ("", "name"):  # searching by name: the surname itself first
        qs = qs.annotate(surname=surname_rank(q, prefix="person__"))
        order = ("-surname", *order)
    return (
        qs.select_related("person", "person__home_region")
        .prefetch_related(
            Prefetch("person__competencies", queryset=Competency.objects.order_by("name"))
        )
        .order_by(*order)
    )


def person_get(pk: int) -> Person:
    return person_detail_queryset().get(pk=pk)


def person_detail_queryset() -> QuerySet[Person]:
    """Persons (not erased) with what their card shows, for one ``get``."""
    return (
        Person.objects.select_related("home_region", "user", "initiative_marked_by")
        .prefetch_related(
            Prefetch(
                "competencies",
                queryset=Competency.objects.select_related("parent").order_by("name"),
            ),
            Prefetch(
                "interests", queryset=Interest.objects.select_related("parent").order_by("name")
            ),
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("association").order_by(
                    "association__name"
                ),
            ),
            "consents__recorded_by",
        )
        .filter(erased_at__isnull=True)
    )


def vocabulary(model: Any) -> list[Any]:
    """Spheres with their terms, then free-text additions awaiting a coordinator."""
    return list(
        model.objects.filter(parent__isnull=True, is_approved=True)
        .prefetch_related(Prefetch("children", queryset=model.objects.order_by("name")))
        .order_by("name")
    )


def free_terms(model: Any) -> QuerySet[Any]:
    from django.db.models import Count

    return model.objects.filter(is_approved=False).annotate(n=Count("persons")).order_by("name")


def imports_for(user: Any) -> QuerySet[MemberImport]:
    qs = MemberImport.objects.select_related("association", "uploaded_by")
    if getattr(user, "role", None) == "coordinator":
        return qs
    return qs.filter(association__leaders=user)


def candidate_lists() -> QuerySet[CandidateList]:
    from django.db.models import Count

    return (
        CandidateList.objects.select_related("created_by")
        .annotate(n=Count("entries"))
        .order_by("-created_at", "-id")
    )


def access_log_entries() -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.select_related("user", "association", "person")


# what callers read here, the search's names among them
__all__ = [
    "FTS_SQL",
    "MEMBER_SORTS",
    "NAME_ORDER",
    "RANKED_ORDER",
    "SEARCH_COUNT_LIMIT",
    "SearchSlice",
    "SearchTerms",
    "VOCABULARY_TTL",
    "DocumentMatch",
    "access_log_entries",
    "candidate_lists",
    "detail_ids",
    "forget_vocabulary",
    "free_terms",
    "fts5_query",
    "imports_for",
    "limited_view",
    "match_sql",
    "member_list",
    "person_detail_queryset",
    "person_get",
    "person_search",
    "search_page",
    "search_slice",
    "search_terms",
    "text_filter",
    "tsquery",
    "visible_persons",
    "vocabulary",
    "vocabulary_keys",
]


def counted_members() -> QuerySet[Person]:
    """Persons who may be counted in public figures: a current membership and a recorded,
    active consent; erased records never."""
    import datetime

    today = datetime.date.today()
    return Person.objects.filter(
        has_consent=True,
        erased_at__isnull=True,
        memberships__until__isnull=True,
    ).exclude(memberships__since__gt=today)


def counted_members_by_region() -> dict[str, int]:
    """Region code (of the home region of their association) → persons counted."""
    from django.db.models import Count

    rows = (
        counted_members()
        .values("memberships__association__regions__code")
        .annotate(n=Count("pk", distinct=True))
    )
    return {
        row["memberships__association__regions__code"]: row["n"]
        for row in rows
        if row["memberships__association__regions__code"]
    }


def counted_members_of(association: Any) -> int:
    return counted_members().filter(memberships__association=association).distinct().count()
