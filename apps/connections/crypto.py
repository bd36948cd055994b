"""Secrets encrypted at rest with Fernet (AES-128-CBC + HMAC-SHA256).

ENCRYPTION_KEYS lists Fernet keys: the first encrypts, every one decrypts, so a key is
rotated by putting a new key first and running `manage.py rotate_encryption_keys`.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "ENCRYPTION_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes)."
        ) from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("Not an encrypted value.")
    try:
        return fernet().decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A stored secret cannot be decrypted with ENCRYPTION_KEYS (was a key removed?)."
        ) from exc


class EncryptedTextField(models.TextField):
    """A text column that holds only ciphertext; Python sees the plain value ("" if unset)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else ""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else ""
