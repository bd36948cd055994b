import pytest

from apps.thinkific.signatures import is_valid, sign

# RFC 4231, test case 2: a published HMAC-SHA256 vector.
RFC_KEY = "Jefe"
RFC_BODY = b"what do ya want for nothing?"
RFC_HEX = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"

BODY = b'{"id":"20240101000000000000001","resource":"order","action":"created"}'
SECRET = "site-api-key"


def test_sign_is_hex_hmac_sha256_of_the_body():
    assert sign(RFC_BODY, RFC_KEY) == RFC_HEX


def test_a_correct_signature_is_valid():
    assert is_valid(RFC_BODY, RFC_HEX, RFC_KEY)


def test_case_and_surrounding_space_do_not_matter():
    assert is_valid(RFC_BODY, f"  {RFC_HEX.upper()}\n", RFC_KEY)


@pytest.mark.parametrize(
    ("body", "signature", "secret"),
    [
        (BODY + b" ", sign(BODY, SECRET), SECRET),  # body changed in transit
        (BODY, sign(BODY, "another-secret"), SECRET),  # signed with another key
        (BODY, sign(BODY, SECRET)[:-1], SECRET),  # truncated
        (BODY, "", SECRET),
        (BODY, None, SECRET),
        (BODY, sign(BODY, ""), ""),  # no secret configured: never valid
        (BODY, "é" * 64, SECRET),  # non-ASCII header
    ],
)
def test_anything_else_is_invalid(body, signature, secret):
    assert is_valid(body, signature, secret) is False
