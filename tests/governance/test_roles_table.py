"""The committed docs/roles-and-permissions.md is exactly what the rules produce."""

import pytest
from django.core.management import call_command

from zemlyaki.governance.roles_table import NO, YES, build_rows, document_path, render


@pytest.mark.django_db
def test_document_matches_the_registered_rules():
    expected = render()
    committed = document_path().read_text(encoding="utf-8")
    assert committed == expected, (
        "docs/roles-and-permissions.md устарел: выполните `zemlyaki roles-table --write`."
    )


@pytest.mark.django_db
def test_table_reads_powers_roles_and_objects():
    rows = {row["perm"]: row for row in build_rows()}
    add_event = rows["events.add_event"]
    assert add_event["powers"] == ["events.run"]
    assert add_event["cells"] == {
        "guest": NO,
        "member": NO,
        "body_member": YES,
        "leader": NO,
        "coordinator": YES,
        "administrator": NO,
    }
    change_association = rows["registry.change_association"]["cells"]
    assert change_association["leader"] == "по объекту"
    assert change_association["member"] == NO
    assert rows["events.view_event"]["cells"]["guest"] == "по объекту"
    assert rows["events.view_event"]["cells"]["member"] == YES


@pytest.mark.django_db
def test_command_prints_and_leaves_no_users_behind(capsys):
    from zemlyaki.accounts.models import User
    from zemlyaki.governance.models import Body

    call_command("roles-table")
    out = capsys.readouterr().out
    assert out.startswith("# Роли и разрешения")
    assert (
        "| `governance.add_body` | создание: орган | — | нет | нет | нет | нет | да | нет |" in out
    )
    assert User.objects.count() == 0
    assert Body.objects.count() == 0
