"""What the settings module promises beyond what the tests run with."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import global_settings, settings
from django.contrib.auth.hashers import check_password, make_password
from django.test import override_settings

from tests.conftest import FAST_HASHERS


def test_production_hashes_passwords_with_pbkdf2_and_it_works():
    from thinkific_portal import settings as production

    hashers = getattr(production, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert hashers[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=hashers):
        encoded = make_password("pw-real-123")
        assert encoded.startswith("pbkdf2_sha256$")
        assert check_password("pw-real-123", encoded)
        assert not check_password("pw-wrong-123", encoded)


def test_the_tests_hash_with_the_fast_hasher():
    assert settings.PASSWORD_HASHERS == FAST_HASHERS
    assert make_password("pw").startswith("md5$")


def test_with_redis_url_the_cache_is_redis_falling_back_to_memory():
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:1/0"}
    env["DJANGO_SETTINGS_MODULE"] = "thinkific_portal.settings"
    probe = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=Path(__file__).resolve().parents[1],
        env=env, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert out.stdout.strip() == "apps.core.cache.SharedCache"
