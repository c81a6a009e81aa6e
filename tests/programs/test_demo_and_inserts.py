"""The demo programs, the directions demo, and the resources table in section 4 (and
in the DOCX export)."""

import io
from decimal import Decimal

import pytest

from tests.programs.factories import make_need, make_pledge, make_program
from zemlyaki.core import registries
from zemlyaki.directions import demo as directions_demo
from zemlyaki.directions.models import Direction, DirectionLevel
from zemlyaki.programs import demo, services
from zemlyaki.programs.models import Pledge, Program, ResourceNeed

pytestmark = pytest.mark.django_db


def test_demo_programs_needs_and_pledges():
    from zemlyaki.governance import demo as governance_demo
    from zemlyaki.registry import demo as registry_demo

    registry_demo.load(print)
    governance_demo.load(print)
    directions_demo.load(print)
    titles = demo.load(print)
    assert titles == [p[1] for p in demo.PROGRAMS]
    programs = {p.title: p for p in Program.objects.all()}
    assert str(programs[demo.PROGRAMS[0][1]].association) == "Тамбовское землячество"
    assert programs[demo.PROGRAMS[1][1]].association is None
    assert len({n.kind for n in ResourceNeed.objects.all()}) == 7
    pledges = list(Pledge.objects.select_related("stakeholder", "need"))
    assert len({p.stakeholder.kind for p in pledges}) == 9
    assert all(p.is_demo for p in pledges) and all(p.is_demo for p in programs.values())
    assert [p.quantity for p in pledges if p.is_partial] == [Decimal("350000.00")]
    assert [p.stakeholder.kind for p in pledges if p.status == "withdrawn"] == ["partner_regions"]
    assert [p.need.kind for p in pledges if p.quantity > p.need.quantity] == ["information"]
    levels = set(Direction.objects.filter(is_demo=True).values_list("level", flat=True))
    assert levels == {
        DirectionLevel.FEDERAL,
        DirectionLevel.INTERREGIONAL,
        DirectionLevel.MOSCOW,
        DirectionLevel.REGIONAL,
    }
    decree = Direction.objects.get(code="national-policy").sources.get()
    assert (decree.number, decree.date.isoformat()) == ("№ 1666", "2012-12-19")
    assert Direction.objects.get(code="youth").parent.code == "youth-policy"


def test_resources_insert_is_the_balance():
    program = make_program()
    need = make_need(program, quantity="1000")
    pledge = make_pledge(program, need=need, quantity="400")
    services.pledge_transition(actor=None, pledge=pledge, to="confirmed")
    table = registries.inserts.get("table:resources").build()
    assert table["headers"][:3] == ["Вид ресурса", "Единица", "Нужно"]
    assert table["rows"] == [["деньги", "руб.", "1\u00a0000", "400", "400", "0", "600"]]


def test_section_4_in_docx_has_the_resources_table(coordinator):
    import docx

    from tests.strategy.factories import make_world, write
    from zemlyaki.strategy import assembly, exports

    program = make_program()
    make_need(program, kind="premises", quantity="300", unit="sqm")
    world = make_world(coordinator)
    write(world.sections[3], world.owner, "Ресурсы:\n\n{{ table:resources }}\n")
    document = docx.Document(io.BytesIO(exports.to_docx(assembly.assemble(world.document))))
    tables = [
        [[cell.text for cell in row.cells] for row in t.rows]
        for t in document.tables
        if t.rows and t.rows[0].cells[0].text == "Вид ресурса"
    ]
    assert len(tables) == 1
    assert tables[0][1] == ["помещение", "м²", "300", "0", "0", "0", "300"]
