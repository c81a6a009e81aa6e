"""Production settings: HTTPS on by default, each part overridable from the environment."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
NAMES = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "TRUSTED_PROXIES"]


def _prod(tmp_path, **env):
    environ = {k: v for k, v in os.environ.items() if k not in NAMES and k != "SECURE_COOKIES"}
    environ.update(
        SECRET_KEY="x" * 50,
        ZEMLYAKI_DATA=str(tmp_path),
        ZEMLYAKI_SITE_URL="https://zemlyaki.example.org",
        PYTHONPATH=str(SRC),
        **env,
    )
    code = (
        "import json; from zemlyaki.settings import prod as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {NAMES!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=False
    )
    return result


def test_https_is_on_by_default_in_production(tmp_path):
    result = _prod(tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_SECURE": True,
        "TRUSTED_PROXIES": [],
    }


def test_production_https_can_be_turned_off_by_the_environment(tmp_path):
    result = _prod(
        tmp_path,
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        TRUSTED_PROXIES="10.0.0.1, 192.168.0.0/16",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert (values["SECURE_SSL_REDIRECT"], values["SECURE_HSTS_SECONDS"]) == (False, 0)
    assert values["TRUSTED_PROXIES"] == ["10.0.0.1", "192.168.0.0/16"]


@pytest.mark.parametrize("proxies", ["10.0.0.300", "example.org"])
def test_a_wrong_trusted_proxy_stops_the_start(tmp_path, proxies):
    result = _prod(tmp_path, TRUSTED_PROXIES=proxies)
    assert result.returncode != 0
    assert "ImproperlyConfigured: TRUSTED_PROXIES:" in result.stderr


def _storage(tmp_path, **env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ZEMLYAKI_S3_")}
    environ.update(ZEMLYAKI_DATA=str(tmp_path), PYTHONPATH=str(SRC), **env)
    code = 'import json; from zemlyaki.settings import base as s; print(json.dumps(s.STORAGES["default"]))'
    result = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_media_on_the_local_disk_unless_a_bucket_is_named(tmp_path):
    assert _storage(tmp_path) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_media_on_a_private_bucket_from_the_environment(tmp_path):
    assert _storage(
        tmp_path,
        ZEMLYAKI_S3_BUCKET="zemlyaki-media",
        ZEMLYAKI_S3_ENDPOINT_URL="https://storage.example.org",
        ZEMLYAKI_S3_REGION="ru-central1",
        ZEMLYAKI_S3_ACCESS_KEY_ID="key",
        ZEMLYAKI_S3_SECRET_ACCESS_KEY="secret",
        ZEMLYAKI_S3_PREFIX="/media/",
    ) == {
        "BACKEND": "zemlyaki.core.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": "zemlyaki-media",
            "endpoint_url": "https://storage.example.org",
            "region_name": "ru-central1",
            "access_key": "key",
            "secret_key": "secret",
            "location": "media",
            "default_acl": None,
            "file_overwrite": False,
        },
    }


def test_system_checks_pass():
    """`zemlyaki prepare` no longer runs the system checks on every start: the suite does."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command("check", stdout=out)
    assert out.getvalue().strip() == "System check identified no issues (0 silenced)."
