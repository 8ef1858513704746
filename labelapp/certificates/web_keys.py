"""The issuer key pair as JSON Web Keys: the private key that signs Open Badges
credentials, and the public keys anyone checks them with (decision 35).

The same key pair signs the PDFs (pyHanko) and the credentials (JOSE), so a
certification body has one key to guard, rotate and publish. The signing
algorithm follows the key: ES256 for the development P-256 key, RS256 for an
RSA key, EdDSA for Ed25519. Keys of earlier issuer certificates stay published so
that credentials they signed keep verifying.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from joserfc.jwk import ECKey
from joserfc.jwk import OKPKey
from joserfc.jwk import RSAKey

from labelapp.certificates.keys import KeyPair
from labelapp.certificates.keys import SigningError

JoseKey = ECKey | RSAKey | OKPKey

_CURVES = {"secp256r1": "ES256", "secp384r1": "ES384", "secp521r1": "ES512"}


@dataclass(frozen=True)
class SigningKey:
    """The issuer's private key as JOSE sees it, with its algorithm and key id."""

    key: JoseKey
    algorithm: str
    thumbprint: str  # RFC 7638, the key's id in every published set

    def public(self) -> dict[str, Any]:
        return public_jwk(self.key, self.algorithm)


def _algorithm(key: object) -> str:
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        algorithm = _CURVES.get(key.curve.name)
        if algorithm is None:
            raise SigningError(f"the issuer key's curve {key.curve.name} cannot sign a JWT")
        return algorithm
    if isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        return "RS256"
    if isinstance(key, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        return "EdDSA"
    raise SigningError(f"the issuer key ({type(key).__name__}) cannot sign a JWT")


def _jose(key: Any) -> JoseKey:
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        return ECKey.import_key(key)
    if isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        return RSAKey.import_key(key)
    return OKPKey.import_key(key)


def public_jwk(key: JoseKey, algorithm: str) -> dict[str, Any]:
    """The public half as a JWK, named by its thumbprint; never holds a private member."""
    return {
        **key.as_dict(private=False),
        "kid": key.thumbprint(),
        "alg": algorithm,
        "use": "sig",
    }


@functools.lru_cache(maxsize=8)
def _load(key_path: str, passphrase: str | None, _stamp: float) -> SigningKey:
    try:
        with open(key_path, "rb") as handle:
            data = handle.read()
        loaded = load_pem_private_key(data, passphrase.encode() if passphrase else None)
    except (OSError, ValueError, TypeError) as error:
        raise SigningError(f"cannot read the issuer key {key_path}: {error}") from None
    algorithm = _algorithm(loaded)  # refuses a key JOSE cannot sign with (DSA, ...)
    jose = _jose(loaded)
    return SigningKey(jose, algorithm, jose.thumbprint())


def signing_key(pair: KeyPair) -> SigningKey:
    """The pair's private key, read once per change of the file.

    Raises:
        SigningError: the key cannot be read or cannot sign a JWT.
    """
    try:
        stamp = pair.key_path.stat().st_mtime
    except OSError as error:
        raise SigningError(f"cannot read the issuer key {pair.key_path}: {error}") from None
    return _load(str(pair.key_path), pair.passphrase, stamp)


@functools.lru_cache(maxsize=32)
def _certificate_key(cert_path: str, _stamp: float) -> dict[str, Any] | None:
    try:
        with open(cert_path, "rb") as handle:
            data = handle.read()
        loaded = (
            x509.load_pem_x509_certificate(data)
            if b"-----BEGIN" in data
            else x509.load_der_x509_certificate(data)
        )
        public = loaded.public_key()
        algorithm = _algorithm(public)
        return public_jwk(_jose(public), algorithm)
    except (OSError, ValueError, SigningError):
        return None  # an unreadable earlier certificate verifies nothing


def published_keys(pair: KeyPair) -> list[dict[str, Any]]:
    """The public keys credentials are checked with: the current one first, then those
    of the earlier issuer certificates still configured (each once)."""
    keys = [signing_key(pair).public()]
    for path in (pair.cert_path, *pair.previous_certs):
        try:
            stamp = path.stat().st_mtime
        except OSError:
            continue
        found = _certificate_key(str(path), stamp)
        if found is not None and all(found["kid"] != key["kid"] for key in keys):
            keys.append(found)
    return keys
