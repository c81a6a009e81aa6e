import pytest

from zemlyaki.strategy import demo
from zemlyaki.strategy.models import Document, Section


@pytest.mark.django_db
def test_demo_strategy_with_demo_bodies_and_people():
    from zemlyaki.governance import demo as governance_demo
    from zemlyaki.registry import demo as registry_demo

    registry_demo.load(print)
    governance_demo.load(print)
    lines = demo.load(print)
    document = Document.objects.get()
    assert document.is_demo and document.reviewing_body.name == "Расширенный экспертный совет"
    sections = list(Section.objects.filter(document=document).select_related("owner", "owner_body"))
    assert len(sections) == 6 and all(s.is_demo for s in sections)
    assert {s.owner_body.name for s in sections} == {"Редакционная группа"}
    assert all(s.owner is not None and s.owner.is_demo for s in sections)
    with_text = sorted(s.number for s in sections if s.text)
    assert with_text == ["1", "2", "4", "5"]
    assert "{{ table:bodies }}" in next(s for s in sections if s.number == "5").text
    assert lines == [f"Документ «{document.title}»: разделов 6, с текстом 4."]


@pytest.mark.django_db
def test_demo_strategy_without_other_demo_data():
    demo.load(print)
    document = Document.objects.get()
    assert document.reviewing_body is None
    assert Section.objects.filter(document=document, owner__isnull=True).count() == 6
