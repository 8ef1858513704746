"""Signing certificate PDFs (PAdES) with the issuer's key, and checking their signatures."""

from __future__ import annotations

import asyncio
import functools
import io
from collections.abc import Coroutine
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from typing import TypeVar

from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign import signers
from pyhanko.sign.attributes import CMSAttributeProvider
from pyhanko.sign.attributes import SignedAttributeProviderSpec
from pyhanko.sign.general import as_signing_certificate_v2
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from labelapp.certificates.keys import KeyPair
from labelapp.certificates.keys import SigningError

# Enough room for an ECDSA or RSA-4096 signature with a short chain; passing it
# skips pyHanko's dry run that would otherwise measure the signature first.
SIGNATURE_BYTES_RESERVED = 16384
SIGNATURE_FIELD = "LabelSignature"
T = TypeVar("T")


def _stamp(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError as error:
        raise SigningError(f"cannot read {path}: {error.strerror}") from None


@functools.cache
def _load_signer(
    key_path: Path, cert_path: Path, passphrase: str | None, _stamps: tuple[float, float]
) -> signers.SimpleSigner:
    try:
        signer: signers.SimpleSigner | None = signers.SimpleSigner.load(  # type: ignore[no-untyped-call]
            str(key_path),
            str(cert_path),
            key_passphrase=passphrase.encode() if passphrase else None,
        )
    except Exception:  # pyHanko raises many kinds for unreadable keys
        signer = None
    if signer is None:
        raise SigningError(
            f"the issuer key {key_path} or certificate {cert_path} cannot be read "
            "(wrong format or passphrase?)"
        )
    signer.signed_attr_prov_spec = _PadesBaselineAttributes(signer.signing_cert)
    return signer


class _SigningCertificateV2(CMSAttributeProvider):
    attribute_type = "signing_certificate_v2"

    def __init__(self, der: bytes) -> None:
        self._der = der

    async def build_attr_value(self, dry_run: bool = False) -> tsp.SigningCertificateV2:
        return tsp.SigningCertificateV2.load(self._der)


class _PadesBaselineAttributes(SignedAttributeProviderSpec):
    """The signed attributes of a PAdES baseline B signature, the certificate's built once.

    Besides the content type and digest (pyHanko adds those), PAdES B-B signs one
    attribute: signing-certificate-v2, which names the issuer certificate. pyHanko's
    default builds it from the certificate at every signature, and asn1crypto then
    re-serialises the certificate's names over and over: 10 to 20 of a signature's
    12 to 25 ms, depending on the certificate. Built once per signer and kept as
    DER, it costs nothing, and the signature's bytes are the same.
    """

    def __init__(self, signing_cert: asn1_x509.Certificate) -> None:
        self._der = as_signing_certificate_v2(signing_cert).dump()

    def signed_attr_providers(
        self, data_digest: bytes, digest_algorithm: str
    ) -> Iterator[CMSAttributeProvider]:
        yield _SigningCertificateV2(self._der)


def signer_for(pair: KeyPair) -> signers.SimpleSigner:
    """The signer for this pair, loaded once per process (and again if a file changes)."""
    stamps = (_stamp(pair.key_path), _stamp(pair.cert_path))
    return _load_signer(pair.key_path, pair.cert_path, pair.passphrase, stamps)


def sign_pdf(pdf: bytes, pair: KeyPair, issuer_name: str) -> bytes:
    """Sign the whole PDF invisibly (PAdES baseline B) with the issuer's key."""
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        name=issuer_name,
        reason="Certificate issued by " + issuer_name,
    )
    signer = signers.PdfSigner(metadata, signer=signer_for(pair))
    output = io.BytesIO()
    _run(
        signer.async_sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf)),
            output=output,
            bytes_reserved=SIGNATURE_BYTES_RESERVED,
        )
    )
    return output.getvalue()


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run one of pyHanko's coroutines to completion from synchronous code.

    pyHanko's synchronous wrappers call asyncio.run, which fails in a thread where an
    event loop already runs (an async worker, a browser-driving test harness): there,
    the coroutine runs on a short-lived thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@functools.cache
def _issuer_certificate(cert_path: Path, _stamp: float) -> asn1_x509.Certificate:
    data = cert_path.read_bytes()
    loaded = x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data else None
    der = loaded.public_bytes(serialization.Encoding.DER) if loaded else data
    return asn1_x509.Certificate.load(der)


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool  # carries a signature at all
    by_issuer: bool  # made with this system's issuer key (current or earlier)
    intact: bool  # the signed bytes are unchanged and the signature is valid
    whole_file: bool  # nothing was added after signing

    @property
    def genuine(self) -> bool:
        return self.signed and self.by_issuer and self.intact and self.whole_file


def check_signature(pdf: bytes, pair: KeyPair) -> SignatureCheck:
    """Whether the PDF carries an intact signature by the issuer that covers the whole file.

    Never raises for a damaged or foreign PDF: that is a failed check.
    """
    issuers = [
        _issuer_certificate(path, _stamp(path)) for path in (pair.cert_path, *pair.previous_certs)
    ]
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # any parse failure means: not one of ours
        return SignatureCheck(False, False, False, False)
    if not signatures:
        return SignatureCheck(False, False, False, False)
    signature = signatures[-1]
    try:
        signer = signature.signer_cert.dump()
        issuer = next((known for known in issuers if known.dump() == signer), None)
        if issuer is None:
            return SignatureCheck(True, False, False, False)
        status = _run(
            async_validate_pdf_signature(signature, ValidationContext(trust_roots=[issuer]))
        )
    except Exception:
        return SignatureCheck(True, False, False, False)
    return SignatureCheck(
        signed=True,
        by_issuer=True,
        intact=bool(status.intact and status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE and len(signatures) == 1,
    )
