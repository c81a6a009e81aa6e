import pytest
from django.core.cache import caches
from django.test import override_settings

from zemlyaki.core.cache import cached


def test_cached_builds_once_per_version_and_key():
    calls = []

    def build():
        calls.append(1)
        return f"значение {len(calls)}"

    assert cached("t", "v1", ["a"], build) == "значение 1"
    assert cached("t", "v1", ["a"], build) == "значение 1"
    assert cached("t", "v1", ["b"], build) == "значение 2"
    assert cached("t", "v2", ["a"], build) == "значение 3"


@pytest.mark.redis
def test_redis_cache_from_redis_url():
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
    with override_settings(CACHES=redis):
        cache = caches.create_connection("default")
        try:
            cache.set("zemlyaki-test", {"землячество": 1}, 10)
            assert cache.get("zemlyaki-test") == {"землячество": 1}
        finally:
            cache.delete("zemlyaki-test")
