"""The evidence of a delivered pledge is served only to those who judge it or gave it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.programs.factories import make_pledge, make_program
from zemlyaki.programs import services

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_pledge_evidence_download(client, settings, tmp_path, coordinator, member):
    settings.MEDIA_ROOT = tmp_path
    pledge = make_pledge(make_program(), quantity="10")
    services.pledge_transition(actor=coordinator, pledge=pledge, to="confirmed")
    pledge = services.pledge_transition(
        actor=coordinator,
        pledge=pledge,
        to="delivered",
        evidence_file=SimpleUploadedFile("акт.pdf", PDF, content_type="application/pdf"),
    )
    address = pledge.evidence_file.url
    assert address.startswith(f"/media/pledges/{pledge.program_id}/")
    client.force_login(coordinator)
    response = client.get(address)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.force_login(member)
    assert client.get(address).status_code == 404
