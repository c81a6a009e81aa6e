import pytest

from zemlyaki.strategy import demo
from zemlyaki.strategy.models import Document, DocumentKind, Section


@pytest.mark.django_db
def test_demo_strategy_with_demo_bodies_and_people():
    from zemlyaki.governance import demo as governance_demo
    from zemlyaki.registry import demo as registry_demo

    registry_demo.load(print)
    governance_demo.load(print)
    lines = demo.load(print)
    document = Document.objects.get(kind=DocumentKind.STRATEGY)
    assert document.is_demo and document.reviewing_body.name == "Расширенный экспертный совет"
    sections = list(Section.objects.filter(document=document).select_related("owner", "owner_body"))
    assert len(sections) == 6 and all(s.is_demo for s in sections)
    assert {s.owner_body.name for s in sections} == {"Редакционная группа"}
    assert all(s.owner is not None and s.owner.is_demo for s in sections)
    with_text = sorted(s.number for s in sections if s.text)
    assert with_text == ["1", "2", "4", "5"]
    assert (
        '<div data-insert="table:bodies"></div>'
        in next(s for s in sections if s.number == "5").text
    )
    assert lines == [
        f"Документ «{document.title}»: разделов 6, с текстом 4.",
        "Документ «Стандарт работы землячества (демо)»: разделов 8, с текстом 3.",
        "Документ «Концепция сайта Информационного центра поддержки развития института "
        "землячеств (демо)»: разделов 8, с текстом 2.",
    ]


@pytest.mark.django_db
def test_demo_gives_the_standard_and_the_site_concept_an_outline_with_text():
    demo.load(print)
    standard = Document.objects.get(kind=DocumentKind.STANDARD)
    concept = Document.objects.get(kind=DocumentKind.SITE_CONCEPT)
    outline = list(standard.sections.order_by("order").values_list("number", "title"))
    assert outline[:3] == [
        ("1", "Общие положения"),
        ("2", "Цели и задачи землячества"),
        ("3", "Работа с земляками"),
    ]
    assert len(outline) == 8
    first = standard.sections.get(number="1")
    assert first.text.startswith("Стандарт работы землячества вырабатывается редакционной группой")
    assert first.guidance and first.is_demo
    assert [s.number for s in concept.sections.order_by("order") if s.text] == ["1", "2"]
    assert "десяти видам субъектов Стратегии" in concept.sections.get(number="2").text
    assert (
        standard.is_demo
        and concept.is_demo
        and standard.slug == "standart-raboty-zemlyachestva-demo"
    )


@pytest.mark.django_db
def test_demo_strategy_without_other_demo_data():
    demo.load(print)
    document = Document.objects.get(kind=DocumentKind.STRATEGY)
    assert document.reviewing_body is None
    assert Section.objects.filter(document=document, owner__isnull=True).count() == 6


@pytest.mark.django_db
def test_demo_ties_the_strategic_session_agenda_to_the_sections():
    from zemlyaki.events import demo as events_demo
    from zemlyaki.events.models import AgendaItem
    from zemlyaki.governance import demo as governance_demo
    from zemlyaki.registry import demo as registry_demo

    registry_demo.load(print)
    governance_demo.load(print)
    events_demo.load(print)
    lines = demo.load(print)
    assert lines[-1] == "Пункты повестки стратегической сессии связаны с разделами: 6."
    strategy = Document.objects.get(kind=DocumentKind.STRATEGY)
    item = AgendaItem.objects.get(event__kind="strategic_session", title__startswith="Секция 2.")
    assert item.subject == strategy.sections.get(number="2")
