import pytest

from zemlyaki.registry.selectors import association_list

from .factories import make_association


@pytest.fixture
def catalogue(db):
    make_association("Тамбовское землячество", ["68"])
    make_association("Рязанское землячество", ["62"], status="suspended")
    make_association("Сибирское землячество", ["54", "55"])
    make_association("Якутское землячество", ["14"])


@pytest.mark.parametrize("query", ["тамбовского", "ТАМБОВСКОЕ", "тамбовское", "Тамбовская", "тамб"])
def test_search_understands_word_forms_and_case(catalogue, query):
    assert [a.name for a in association_list(q=query)] == ["Тамбовское землячество"]


def test_search_by_region_name(catalogue):
    assert [a.name for a in association_list(q="новосибирской")] == ["Сибирское землячество"]


def test_search_all_words_must_match(catalogue):
    assert [a.name for a in association_list(q="землячества")] == [
        "Рязанское землячество",
        "Сибирское землячество",
        "Тамбовское землячество",
        "Якутское землячество",
    ]
    assert list(association_list(q="тамбовское якутское")) == []


def test_filters(catalogue):
    assert [a.name for a in association_list(district="SibFD")] == ["Сибирское землячество"]
    assert [a.name for a in association_list(region="55")] == ["Сибирское землячество"]
    assert [a.name for a in association_list(district="CFD")] == [
        "Рязанское землячество",
        "Тамбовское землячество",
    ]
    assert [a.name for a in association_list(status="suspended")] == ["Рязанское землячество"]


def test_list_query_count_does_not_grow(catalogue, django_assert_num_queries):
    with django_assert_num_queries(2):
        # the associations, then their regions joined with the districts
        rows = [
            (a.name, [r.federal_district.code for r in a.regions.all()]) for a in association_list()
        ]
    assert len(rows) == 4
