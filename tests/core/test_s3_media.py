"""Uploads on S3-compatible storage (a moto server on loopback, started here): stored in
a private bucket, served only through the platform's permission check."""

import io
import json
import socket
from collections.abc import Iterator
from urllib.parse import quote

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from moto.server import ThreadedMotoServer

from tests.programs.factories import make_pledge, make_program
from tests.registry.factories import make_association
from zemlyaki.core.backup import table_counts
from zemlyaki.core.storage import PrivateS3Storage
from zemlyaki.programs import services as programs
from zemlyaki.reports.services import Upload, report_create

BUCKET = "zemlyaki-media"
KEYS = {"aws_access_key_id": "test-key", "aws_secret_access_key": "test-secret"}
REPORT = "Годовой отчёт землячества за 2005 год".encode()
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **KEYS)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "zemlyaki.core.storage.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "location": "media",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    yield client
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in listed:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _assert_private_object(client, key: str, content: bytes) -> None:
    stored = client.get_object(Bucket=BUCKET, Key=key)
    assert stored["Body"].read() == content
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in grants)
    assert not any(grant["Grantee"].get("URI") in {ALL_USERS, AUTHENTICATED} for grant in grants)


@pytest.mark.django_db
def test_annual_report_on_s3_is_private_and_served_only_to_its_readers(
    client, bucket, coordinator, member, leader, settings
):
    assert isinstance(default_storage, PrivateS3Storage)
    report = report_create(
        actor=None,
        association=make_association("Тамбовское землячество", ["68"]),
        year_from=2005,
        upload=Upload(name="отчёт-2005.txt", data=REPORT),
        process=False,
    )
    name = report.file.name
    assert name.startswith("reports/")
    _assert_private_object(bucket, f"media/{name}", REPORT)
    assert not (settings.MEDIA_ROOT / name).exists()  # nothing on this node's disk

    # The file's address is the platform's own, never the bucket's (signed or not).
    url = report.file.url
    assert url == f"/media/{quote(name)}"
    assert "X-Amz" not in url and "127.0.0.1" not in url

    for outsider in (None, member, leader):
        if outsider is not None:
            client.force_login(outsider)
        refused = client.get(url)
        assert refused.status_code == 404
        assert REPORT not in refused.content
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert _body(response) == REPORT
    assert response["Cache-Control"] == "private, no-cache"
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.django_db
def test_pledge_evidence_on_s3_for_the_judge_only(client, bucket, coordinator, member):
    pledge = make_pledge(make_program(), quantity="10")
    programs.pledge_transition(actor=coordinator, pledge=pledge, to="confirmed")
    pledge = programs.pledge_transition(
        actor=coordinator,
        pledge=pledge,
        to="delivered",
        evidence_file=SimpleUploadedFile("акт.pdf", PDF, content_type="application/pdf"),
    )
    name = pledge.evidence_file.name
    _assert_private_object(bucket, f"media/{name}", PDF)
    client.force_login(member)
    refused = client.get(pledge.evidence_file.url)
    assert refused.status_code == 404
    assert PDF not in refused.content
    client.force_login(coordinator)
    response = client.get(pledge.evidence_file.url)
    assert response.status_code == 200
    assert _body(response) == PDF


@pytest.mark.django_db
def test_a_second_file_of_the_same_name_never_replaces_the_first(bucket):
    first = default_storage.save("reports/same.txt", SimpleUploadedFile("same.txt", b"one"))
    second = default_storage.save("reports/same.txt", SimpleUploadedFile("same.txt", b"two"))
    assert first == "reports/same.txt" and second != first
    assert default_storage.open(first).read() == b"one"
    assert default_storage.open(second).read() == b"two"


@pytest.mark.django_db
def test_a_file_missing_from_the_bucket_is_404(client, bucket, coordinator):
    report = report_create(
        actor=None,
        association=make_association("Липецкое землячество", ["48"]),
        year_from=2006,
        upload=Upload(name="отчёт.txt", data=REPORT),
        process=False,
    )
    bucket.delete_object(Bucket=BUCKET, Key=f"media/{report.file.name}")
    client.force_login(coordinator)
    assert client.get(report.file.url).status_code == 404


def _bucket_files(client) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listed
    }


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_bring_back_the_bucket(tmp_path, bucket):
    from tests.accounts.factories import UserFactory

    # A transactional test before this one may have emptied the tables the migrations fill.
    call_command("load-reference", stdout=io.StringIO())
    UserFactory(username="хранитель")
    report = report_create(
        actor=None,
        association=make_association("Орловское землячество", ["57"]),
        year_from=2010,
        upload=Upload(name="отчёт-2010.txt", data=REPORT),
        process=False,
    )
    default_storage.save("logos/знак.png", SimpleUploadedFile("знак.png", b"\x89PNG logo"))
    before = _bucket_files(bucket)
    assert set(before) == {f"media/{report.file.name}", "media/logos/знак.png"}
    counts = table_counts()

    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=io.StringIO())
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["media"] == "storage"
    assert (target / "media" / report.file.name).read_bytes() == REPORT

    call_command("flush", interactive=False, verbosity=0)
    bucket.delete_object(Bucket=BUCKET, Key=f"media/{report.file.name}")
    bucket.put_object(Bucket=BUCKET, Key="media/reports/чужой.txt", Body=b"stray")
    out = io.StringIO()
    call_command("restore", str(target), interactive=False, stdout=out)
    assert "число строк всех таблиц совпало" in out.getvalue()
    assert table_counts() == counts
    assert _bucket_files(bucket) == before
    _assert_private_object(bucket, f"media/{report.file.name}", REPORT)
