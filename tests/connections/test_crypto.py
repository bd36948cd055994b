import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection as db

from apps.connections import crypto
from apps.connections.models import Connection


def raw_row(pk):
    with db.cursor() as cursor:
        cursor.execute("SELECT * FROM connections_connection WHERE id = %s", [pk])
        return " ".join(str(value) for value in cursor.fetchone())


def test_secrets_are_stored_encrypted(school):
    school.oauth_client_secret = "client-secret-value"
    school.access_token = "access-token-value"
    school.save()

    row = raw_row(school.pk)

    for secret in ("k" * 32, "client-secret-value", "access-token-value"):
        assert secret not in row
    assert row.count(crypto.PREFIX) == 3
    reloaded = Connection.objects.get(pk=school.pk)
    assert reloaded.api_key == "k" * 32
    assert reloaded.access_token == "access-token-value"


def test_unset_secret_stays_empty(school):
    assert Connection.objects.get(pk=school.pk).refresh_token == ""


def test_rotation_reencrypts_under_the_new_key(settings, school):
    old_key = settings.ENCRYPTION_KEYS[0]
    stored_before = raw_row(school.pk)
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]

    from django.core.management import call_command

    call_command("rotate_encryption_keys")
    settings.ENCRYPTION_KEYS = settings.ENCRYPTION_KEYS[:1]  # the old key is gone now

    assert raw_row(school.pk) != stored_before
    assert Connection.objects.get(pk=school.pk).api_key == "k" * 32


def test_a_value_from_an_unknown_key_is_a_clear_configuration_error(settings, school):
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        Connection.objects.get(pk=school.pk)


def test_str_and_repr_never_show_secrets(school):
    assert "k" * 32 not in str(school)
    assert "k" * 32 not in repr(school)
