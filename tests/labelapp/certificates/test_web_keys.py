"""The issuer key as JSON Web Keys: the algorithm follows the key, the published set
keeps earlier keys and never a private member, and an unreadable key is named."""

from __future__ import annotations

import dataclasses

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc import jwt
from joserfc.jwk import import_key

from labelapp.certificates.keys import KeyPair
from labelapp.certificates.keys import SigningError
from labelapp.certificates.keys import create_development_pair
from labelapp.certificates.web_keys import published_keys
from labelapp.certificates.web_keys import signing_key

PRIVATE = {"d", "p", "q", "dp", "dq", "qi"}


def test_the_development_key_signs_es256_and_verifies_with_its_published_half(tmp_path):
    pair = create_development_pair(tmp_path, "Test Issuer")
    key = signing_key(pair)
    assert key.algorithm == "ES256"
    token = jwt.encode({"alg": "ES256"}, {"iss": "x"}, key.key, algorithms=["ES256"])
    (published,) = published_keys(pair)
    assert published["kid"] == key.thumbprint and not PRIVATE & set(published)
    assert jwt.decode(token, import_key(published), algorithms=["ES256"]).claims == {"iss": "x"}


def test_an_rsa_key_signs_rs256(tmp_path):
    pair = create_development_pair(tmp_path, "Test Issuer")
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pair.key_path.write_bytes(
        rsa_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    assert signing_key(pair).algorithm == "RS256"
    assert signing_key(pair).public()["kty"] == "RSA"


def test_earlier_issuer_certificates_stay_published(tmp_path):
    old = create_development_pair(tmp_path / "old", "Test Issuer")
    new = create_development_pair(tmp_path / "new", "Test Issuer")
    rotated = dataclasses.replace(new, previous_certs=(old.cert_path, tmp_path / "missing.pem"))
    kids = [key["kid"] for key in published_keys(rotated)]
    assert kids == [signing_key(new).thumbprint, signing_key(old).thumbprint]


def test_an_unreadable_key_is_named(tmp_path):
    with pytest.raises(SigningError, match=r"missing-key\.pem"):
        signing_key(KeyPair(tmp_path / "missing-key.pem", tmp_path / "cert.pem"))
    (tmp_path / "garbage.pem").write_text("not a key")
    with pytest.raises(SigningError, match=r"garbage\.pem"):
        signing_key(KeyPair(tmp_path / "garbage.pem", tmp_path / "cert.pem"))


def test_a_key_jose_cannot_sign_with_is_named_not_a_crash(tmp_path):
    from cryptography.hazmat.primitives.asymmetric import dsa

    pair = create_development_pair(tmp_path, "Test Issuer")
    pair.key_path.write_bytes(
        dsa.generate_private_key(key_size=2048).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(SigningError, match="cannot sign a JWT"):
        signing_key(pair)
