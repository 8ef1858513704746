"""The issuer's key pair: where it lives, and a self-signed one for development.

Kept apart from signing (pyHanko) so that the app and its CLI start without
loading the PDF stack; only issuing and checking a PDF need it (decision 0010).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


class SigningError(RuntimeError):
    """The issuer key or certificate cannot be used; the message says which and why."""


@dataclass(frozen=True)
class KeyPair:
    key_path: Path
    cert_path: Path
    passphrase: str | None = None
    # Certificates of earlier issuer keys: PDFs they signed still check as genuine.
    previous_certs: tuple[Path, ...] = ()


def create_development_pair(directory: Path, issuer_name: str) -> KeyPair:
    """A self-signed EC P-256 key and certificate, for development and tests only."""
    directory.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"{issuer_name} (development key)"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, issuer_name),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    pair = KeyPair(directory / "issuer-key.pem", directory / "issuer-cert.pem")
    pair.key_path.touch(mode=0o600)
    pair.key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    pair.cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return pair
