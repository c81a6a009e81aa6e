import pytest

from tests.registry.factories import make_association
from zemlyaki.people import search, selectors, services
from zemlyaki.people.models import Competency

from .factories import make_person


@pytest.fixture
def experts(db):
    tambov = make_association("Тамбовское землячество", ["68"])
    yakut = make_association("Якутское землячество", ["14"])
    # The starting vocabulary links «юрист» and «юриспруденция»; unlink them to see the rule.
    law_sphere = Competency.objects.get(name="Право", parent=None)
    services.term_update(actor=None, term=law_sphere, synonyms="")
    sphere = services.term_create(actor=None, kind="competency", name="Гуманитарные науки")
    law = services.term_create(actor=None, kind="competency", name="Юриспруденция", parent=sphere)
    return {
        "lawyer": make_person(
            "Юристов",
            "Андрей",
            "",
            occupation="юрист",
            workplace="Адвокатское бюро",
            association=tambov,
            home_region="68",
        ),
        "jurist": make_person(
            "Правова",
            "Нина",
            "",
            competencies=[law],
            association=yakut,
            home_region="14",
            show_as_expert=True,
        ),
        "doctor": make_person(
            "Лекарев",
            "Иван",
            "",
            occupation="врач-хирург",
            competencies=["Хирургия"],
            association=tambov,
            home_region="68",
        ),
        "law": law,
        "tambov": tambov,
    }


def names(user, **filters):
    qs, _terms = selectors.person_search(user=user, **filters)
    return [p.last_name for p in qs]


@pytest.mark.django_db
def test_word_forms_always_match(coordinator, experts):
    assert names(coordinator, q="юристы") == ["Юристов"]
    assert names(coordinator, q="ЮРИСТА") == ["Юристов"]
    assert names(coordinator, q="хирургов") == ["Лекарев"]
    assert names(coordinator, q="адвокатского бюро") == ["Юристов"]


@pytest.mark.django_db
def test_synonyms_only_through_the_vocabulary(coordinator, experts):
    assert names(coordinator, q="юриспруденция") == ["Правова"]
    services.term_update(actor=coordinator, term=experts["law"], synonyms="юрист, правовед")
    assert names(coordinator, q="юристы") == ["Правова", "Юристов"]  # competency match ranks first
    assert names(coordinator, q="юриспруденция") == ["Правова", "Юристов"]


@pytest.mark.django_db
def test_filters(coordinator, experts):
    assert names(coordinator, association="tambovskoe-zemlyachestvo") == ["Лекарев", "Юристов"]
    assert names(coordinator, region="14") == ["Правова"]
    assert names(coordinator, district="FEFD") == ["Правова"]
    assert names(coordinator, competency=experts["law"].parent_id) == ["Правова"]
    assert names(coordinator, competency=Competency.objects.get(name="Хирургия").pk) == ["Лекарев"]
    assert names(coordinator, expert=True) == ["Правова"]
    services.person_set_initiative(
        actor=coordinator, person=experts["doctor"], value=True, reason="актив"
    )
    assert names(coordinator, initiative=True) == ["Лекарев"]
    assert names(coordinator, q="врач", region="14") == []


@pytest.mark.django_db
def test_visibility_scopes_the_search(leader, member, administrator, experts):
    from zemlyaki.registry.services import association_add_leader

    association_add_leader(actor=None, association=experts["tambov"], user=leader)
    assert names(leader) == ["Лекарев", "Юристов"]
    assert names(member) == []
    assert names(administrator) == []
    services.person_link_user(actor=None, person=experts["doctor"], user=member)
    assert names(member) == ["Лекарев"]


@pytest.mark.django_db
def test_body_members_find_only_consenting_experts(member, experts):
    from zemlyaki.governance.models import Body, BodyMember

    me = make_person("Член", "Органа", "")
    services.person_link_user(actor=None, person=me, user=member)
    body = Body.objects.create(kind="expert_council", name="Совет")
    BodyMember.objects.create(body=body, person=me)
    assert names(member) == ["Правова", "Член"]
    services.consent_withdraw(actor=None, consent=experts["jurist"].consents.get())
    assert names(member) == ["Член"]


@pytest.mark.django_db
def test_search_page_query_count_does_not_grow(coordinator, experts, django_assert_max_num_queries):
    for n in range(10):
        make_person(
            f"Юрист{n}",
            "Тест",
            "",
            occupation="юрист",
            competencies=["Нотариат"],
            association=experts["tambov"],
        )
    qs, _terms = selectors.person_search(user=coordinator, q="юрист")
    with django_assert_max_num_queries(5):
        rows = [
            (
                p.full_name,
                [c.name for c in p.competencies.all()],
                [m.association.slug for m in p.memberships.all()],
            )
            for p in qs[:20]
        ]
    assert len(rows) == 11


def test_highlight_marks_word_forms():
    from zemlyaki.people.templatetags.people_tags import highlight_terms

    assert (
        str(highlight_terms("Юристы <и> врачи", ["юрист"])) == "<mark>Юристы</mark> &lt;и&gt; врачи"
    )


@pytest.fixture
def many_lawyers(coordinator, experts):
    """Seven more matches of «юриспруденция»: three with the competency (the best rank),
    four by occupation only; one of each marked as an initiative member."""
    for last in ("Бобров", "Антонов", "Волков"):
        make_person(last, "Пётр", "", competencies=[experts["law"]])
    for last in ("Громов", "Агеев", "Дятлов", "Ершов"):
        make_person(last, "Олег", "", occupation="преподаватель юриспруденции")
    for last in ("Волков", "Ершов"):
        person = selectors.Person.objects.get(last_name=last)
        services.person_set_initiative(actor=coordinator, person=person, value=True, reason="актив")


@pytest.mark.django_db
def test_search_slice_reads_ranks_best_first_and_caps_the_count(
    coordinator, experts, many_lawyers, monkeypatch
):
    qs, terms = selectors.person_search(user=coordinator, q="юриспруденция")
    everyone = [p.last_name for p in qs]
    # Competency first (initiative first within it), then occupation only, by name.
    assert everyone == [
        "Волков", "Антонов", "Бобров", "Правова", "Ершов", "Агеев", "Громов", "Дятлов",
    ]  # fmt: skip
    found = selectors.search_slice(qs, terms, 0, 20)
    assert ([p.last_name for p in found.rows], found.count, found.capped) == (everyone, 8, False)
    monkeypatch.setattr(search, "SEARCH_COUNT_LIMIT", 2)
    # Every slice, across the ranks, is the same as in one list: whether a rank is
    # counted and sorted (no more matches than the limit) or walked in order (more).
    for cap in (2, 3):
        monkeypatch.setattr(search, "SEARCH_COUNT_LIMIT", cap)
        for offset in range(9):
            for limit in (1, 2, 3, 5):
                found = selectors.search_slice(qs, terms, offset, limit)
                assert [p.last_name for p in found.rows] == everyone[offset : offset + limit]
                assert (found.count, found.capped) == (cap, True)
    monkeypatch.setattr(search, "SEARCH_COUNT_LIMIT", 8)
    found = selectors.search_slice(qs, terms, 6, 5)
    assert ([p.last_name for p in found.rows], found.count, found.capped) == (
        ["Громов", "Дятлов"],
        8,
        False,
    )


@pytest.mark.django_db
def test_search_page_without_text_is_capped_too(coordinator, experts, many_lawyers, monkeypatch):
    monkeypatch.setattr(search, "SEARCH_COUNT_LIMIT", 4)
    qs, terms = selectors.person_search(user=coordinator)
    everyone = [p.last_name for p in qs]
    assert len(everyone) == 10
    page = selectors.search_page(qs, 2, per_page=3, terms=terms)
    assert [p.last_name for p in page] == everyone[3:6]
    assert (page.paginator.count, page.paginator.count_is_estimate) == (4, True)
    assert page.paginator.num_pages == 2 and page.has_next() is False
    page = selectors.search_page(qs, 9, per_page=3, terms=terms)  # beyond the cap: last page
    assert page.number == 2 and [p.last_name for p in page] == everyone[3:6]


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["юриспруденция", "юриспруденция преподаватель", "Пётр право"])
def test_each_rank_as_one_text_condition_finds_the_rows_of_that_rank(
    coordinator, experts, many_lawyers, q
):
    """The rank as one full-text condition (read past the count limit) and the rank
    computed for each row agree, for every rank of one- and two-word queries."""
    from zemlyaki.people.search_query import DocumentMatch

    qs, terms = selectors.person_search(user=coordinator, q=q)
    for level in range(len(terms.groups) + 1):
        by_expression = {p.pk for p in qs.filter(rank=level)}
        by_condition = {p.pk for p in qs.filter(DocumentMatch(terms, kind="rank", level=level))}
        assert by_condition == by_expression, level


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filters",
    [
        {"initiative": True},
        {"initiative": False},
        {"expert": True},
        {"expert": False},
        {"region": "68"},
        {"region": "14", "expert": True},
        {"region": "99999"},
        {"district": "FEFD"},
        {"district": "CFD", "initiative": False},
    ],
)
def test_text_query_with_row_filters_finds_what_the_columns_say(
    coordinator, experts, many_lawyers, filters, monkeypatch
):
    """With a text query the filters on the person's own columns are marks of the
    indexed document on PostgreSQL (migration 0014): they find exactly the persons the
    columns name, past the count limit too, and after a column changes."""
    services.person_set_initiative(
        actor=coordinator, person=experts["jurist"], value=True, reason="актив"
    )

    def wanted(person) -> bool:
        region = person.home_region
        return (
            filters.get("initiative", person.is_initiative) == person.is_initiative
            and filters.get("expert", person.show_as_expert) == person.show_as_expert
            and filters.get("region", region and region.code) == (region and region.code)
            and filters.get("district", region and region.federal_district.code)
            == (region and region.federal_district.code)
        )

    for q in ("юриспруденция", "юрист право", "врач"):
        everyone, _terms = selectors.person_search(user=coordinator, q=q)
        expected = [p.last_name for p in everyone if wanted(p)]
        qs, terms = selectors.person_search(user=coordinator, q=q, **filters)
        assert [p.last_name for p in qs] == expected, q
        assert [p.last_name for p in selectors.search_slice(qs, terms, 0, 20).rows] == expected
        with monkeypatch.context() as patch:
            patch.setattr(search, "SEARCH_COUNT_LIMIT", 1)
            rows = selectors.search_slice(qs, terms, 0, 20).rows
        assert [p.last_name for p in rows] == expected, q


@pytest.mark.django_db
def test_text_query_with_an_association_follows_the_memberships(coordinator, experts):
    """The association filter of a text query is a mark of the indexed document on
    PostgreSQL, written by a trigger on memberships: it follows every insertion, change
    and deletion of a membership, however made."""
    from tests.registry.factories import make_association
    from zemlyaki.people.models import Membership

    yakutia = Membership.objects.get(person=experts["jurist"]).association
    yakut, tambov = yakutia.slug, experts["tambov"].slug
    assert names(coordinator, q="врач", association=tambov) == ["Лекарев"]
    assert names(coordinator, q="врач", association=yakut) == []
    assert names(coordinator, q="врач", association="no-such-association") == []
    services.membership_set(actor=None, person=experts["doctor"], association=yakutia)
    assert names(coordinator, q="врач", association=yakut) == ["Лекарев"]
    assert names(coordinator, q="врач", association=tambov) == ["Лекарев"]
    Membership.objects.filter(person=experts["doctor"], association=experts["tambov"]).delete()
    assert names(coordinator, q="врач", association=tambov) == []
    other = make_association("Орловское землячество", ["57"])
    Membership.objects.filter(person=experts["doctor"]).update(association=other)
    assert names(coordinator, q="врач", association=yakut) == []
    assert names(coordinator, q="врач", association=other.slug) == ["Лекарев"]
    assert names(coordinator, q="юриспруденция", association=yakut) == ["Правова"]
