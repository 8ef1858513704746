"""Certificates as Open Badges 3.0 credentials (1EdTech, a W3C Verifiable Credential)
and the revocation list their status points at (decision 35).

A credential says what the certificate says, in the language it was issued in,
and is signed as a JSON Web Token with the issuer key (``web_keys``). It never
changes after issue: whether it still holds is the revocation list's answer,
read at verification time, so revoking or suspending a label takes effect on
the next check without touching credentials already handed out.
"""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from typing import Any

from babel.dates import format_date
from joserfc import jwt
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import selectinload

from labelapp.certificates.web_keys import published_keys
from labelapp.certificates.web_keys import signing_key
from labelapp.languages import catalogue
from labelapp.languages import format_locale
from labelapp.models import Certificate
from labelapp.models import CertificateStatus
from labelapp.models import PublicStatus
from labelapp.services import public_address
from labelapp.services.certificates import IssuingSettings
from labelapp.services.certificates import content_of
from labelapp.services.certificates import signing_pair
from labelapp.text import N_

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
STATUS_TYPE = "1EdTechRevocationList"
# A quality label awarded after an independent assessment against published criteria.
ACHIEVEMENT_TYPE = "QualityAssuranceCredential"

NARRATIVE = N_(
    "Awarded to the cluster organisation after an independent assessment against the "
    "%(scheme)s criteria, version %(version)s, which it met at the %(level)s level."
)
DESCRIPTION = N_(
    "%(organisation)s holds the %(scheme)s at the %(level)s level "
    "(certificate %(number)s, valid until %(valid_until)s)."
)


def _written(language: str, text: str, **params: object) -> str:
    return str(catalogue(language).gettext(text)) % params


def _instant(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def subject_id(organisation_id: int, base: str) -> str:
    """The organisation's id in credentials: the same for all its labels, and saying
    nothing about it beyond that (its name is the subject's identifier)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{base}/organisations/{organisation_id}").urn


def issuer_profile(
    issuing: IssuingSettings, keys: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The issuer as an Open Badges ``Profile``, with ``keys`` (public JWKs) as its
    verification methods: each named by the address that answers it, which is what
    a credential's ``kid`` says, so a verifier trusts a key only from there."""
    base = issuing.base_url
    profile: dict[str, Any] = {
        "id": public_address.issuer_url(base),
        "type": ["Profile"],
        "name": issuing.certificates.issuer,
        "url": base,
    }
    if keys:
        profile["verificationMethod"] = [
            {
                "id": public_address.issuer_key_url(base, key["kid"]),
                "type": "JsonWebKey",
                "controller": profile["id"],
                "publicKeyJwk": key,
            }
            for key in keys
        ]
    return profile


def credential(
    session: Session, certificate: Certificate, issuing: IssuingSettings
) -> dict[str, Any]:
    """The certificate as an ``OpenBadgeCredential`` (without its proof)."""
    base = issuing.base_url
    content = content_of(session, certificate, issuing)
    issuer = issuer_profile(issuing, [signing_key(signing_pair(issuing.certificates)).public()])
    language = content.language
    facts = {"scheme": content.scheme, "version": content.criteria_version, "level": content.level}
    valid_from = _instant(certificate.issued_on, time.min)
    valid_until = _instant(certificate.valid_until, time(23, 59, 59))
    return {
        "@context": CONTEXT,
        "id": public_address.credential_url(certificate.number, base),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{content.scheme} — {content.level}",
        "description": _written(
            language,
            DESCRIPTION,
            organisation=content.organisation,
            number=certificate.number,
            valid_until=format_date(certificate.valid_until, "long", format_locale(language)),
            **facts,
        ),
        "issuer": issuer,
        "validFrom": _stamp(valid_from),
        "validUntil": _stamp(valid_until),
        "awardedDate": _stamp(valid_from),
        "credentialSubject": {
            "id": subject_id(certificate.organisation_id, base),
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": content.organisation,
                }
            ],
            "achievement": {
                "id": public_address.achievement_url(
                    certificate.scheme, certificate.criteria_version, certificate.level, base
                ),
                "type": ["Achievement"],
                "achievementType": ACHIEVEMENT_TYPE,
                "name": f"{content.scheme} — {content.level}",
                "description": content.scheme_note or _written(language, NARRATIVE, **facts),
                "criteria": {
                    "id": public_address.achievement_url(
                        certificate.scheme, certificate.criteria_version, certificate.level, base
                    ),
                    "narrative": _written(language, NARRATIVE, **facts),
                },
                "version": certificate.criteria_version,
                "inLanguage": language,
                "creator": issuer_profile(issuing),  # who defines the level
            },
        },
        "evidence": [
            {
                "id": public_address.verification_url(certificate.number, base),
                "type": ["Evidence"],
                "name": certificate.number,
            }
        ],
        "credentialSchema": [SCHEMA],
        "credentialStatus": {
            "id": public_address.revocation_list_url(base),
            "type": STATUS_TYPE,
        },
    }


def signed_credential(session: Session, certificate: Certificate, issuing: IssuingSettings) -> str:
    """The credential as a compact JWS (the Open Badges JSON Web Token proof format):
    the payload is the credential itself with the registered claims it maps to.

    Raises:
        ValidationFailed: the issuer key pair is half configured.
        SigningError: the issuer key cannot be read or cannot sign a JWT.
    """
    key = signing_key(signing_pair(issuing.certificates))
    body = credential(session, certificate, issuing)
    claims = {
        **body,
        "iss": body["issuer"]["id"],
        "jti": body["id"],
        "sub": body["credentialSubject"]["id"],
        "nbf": int(datetime.fromisoformat(body["validFrom"]).timestamp()),
        "exp": int(datetime.fromisoformat(body["validUntil"]).timestamp()),
    }
    header = {
        "alg": key.algorithm,
        "typ": "JWT",
        "kid": public_address.issuer_key_url(issuing.base_url, key.thumbprint),
        "jwk": key.public(),
    }
    return jwt.encode(header, claims, key.key, algorithms=[key.algorithm])


def issuer_keys(issuing: IssuingSettings) -> list[dict[str, Any]]:
    """The issuer's public keys: the current one first, then earlier ones."""
    return published_keys(signing_pair(issuing.certificates))


_NO_LONGER_TRUSTED = or_(
    Certificate.status.in_([CertificateStatus.REVOKED, CertificateStatus.SUSPENDED]),
    Certificate.superseded_by_id.is_not(None),
)


def revocation_list(session: Session, issuing: IssuingSettings, today: date) -> dict[str, Any]:
    """Every credential not to be trusted any more, as the 1EdTech Revocation List Status
    Method reads it: revoked, suspended (taken off the list when reinstated) and
    superseded labels. Expired ones are not listed: their ``validUntil`` says it."""
    base = issuing.base_url
    rows = session.scalars(
        select(Certificate)
        .where(_NO_LONGER_TRUSTED)
        .options(selectinload(Certificate.superseded_by))
        .order_by(Certificate.id)
    ).all()
    entries = []
    for row in rows:
        status = row.public_status(today)
        reason = (
            f"{status.value}: {row.superseded_by.number}"
            if status is PublicStatus.SUPERSEDED and row.superseded_by is not None
            else f"{status.value}: {row.status_reason}"
            if row.status_reason
            else status.value
        )
        entries.append(
            {
                "id": public_address.credential_url(row.number, base),
                "revoked": True,
                "revocationReason": reason,
            }
        )
    return {
        "id": public_address.revocation_list_url(base),
        "issuer": public_address.issuer_url(base),
        "revokedCredentials": entries,
    }
