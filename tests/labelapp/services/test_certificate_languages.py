"""Certificates in the organisation's language, with an English copy that is signed and
recognised like the original (decision 21)."""

from __future__ import annotations

import pytest
from babel.dates import format_date
from sqlalchemy import func
from sqlalchemy import select

from labelapp.db import db_session
from labelapp.languages import format_locale
from labelapp.models import CertificateCopy
from labelapp.models import CertificateStatus
from labelapp.models import StoredFile
from labelapp.services import certificates
from labelapp.services.certificate_copies import languages_of
from labelapp.services.certificate_copies import pdf_key_in
from labelapp.services.errors import NotAllowed
from labelapp.services.verification import check_upload
from labelapp.web.settings import issuing
from tests.fixtures.pdf import pdf_text
from tests.labelapp.services.factories import audit_actions
from tests.labelapp.services.factories import issued

pytestmark = pytest.mark.usefixtures("ctx")


def _pdf(session, key: str) -> bytes:
    stored = session.get(StoredFile, key)
    assert stored is not None
    return stored.content


@pytest.mark.parametrize(
    ("language", "words", "level", "country"),
    [
        ("fr", "Certificat", "Gold — excellence avérée", "Pologne"),
        ("de", "Zertifikat", "Gold — nachgewiesene Exzellenz", "Polen"),
    ],
)
def test_a_certificate_is_issued_in_the_organisations_language(
    manager, language, words, level, country
):
    session = db_session()
    certificate = issued(
        session, manager, "gold", country="PL", certificate_language=language, name="Klaster"
    )
    assert certificate.language == language
    text = pdf_text(_pdf(session, certificate.pdf_key))
    assert words in text and level in text and country in text
    # Dates as the language writes them: "30 novembre 2026", "30. November 2026".
    assert format_date(certificate.valid_until, "long", locale=format_locale(language)) in text
    assert "has been awarded" not in text  # no English sentence left
    pair = certificates.signing_pair(issuing().certificates)
    assert check_upload(session, _pdf(session, certificate.pdf_key), pair).genuine


def test_the_english_copy_is_made_once_signed_and_recognised(manager):
    session = db_session()
    certificate = issued(session, manager, "gold", certificate_language="de", name="Klaster")
    assert languages_of(certificate) == ["de", "en"]
    key = pdf_key_in(session, certificate, "en", issuing())
    session.commit()
    assert pdf_key_in(session, certificate, "en", issuing()) == key  # kept, not made again
    assert session.scalar(select(func.count()).select_from(CertificateCopy)) == 1
    copy = _pdf(session, key)
    text = pdf_text(copy)
    assert "has been awarded the Cluster Excellence Label" in text
    assert "Gold — proven excellence" in text and certificate.number in text
    pair = certificates.signing_pair(issuing().certificates)
    found = check_upload(session, copy, pair)
    assert found.genuine and found.certificate is not None
    assert found.certificate.number == certificate.number
    assert not check_upload(session, copy[:-10] + b"0123456789", pair).genuine
    assert "certificate.copy_made" in audit_actions(session)
    # The original in its own language is not a copy.
    assert pdf_key_in(session, certificate, "de", issuing()) == certificate.pdf_key


def test_a_copy_is_refused_in_a_language_not_offered_or_of_a_label_no_longer_valid(manager):
    session = db_session()
    certificate = issued(session, manager, "silver", certificate_language="de", name="Klaster")
    with pytest.raises(NotAllowed, match="not offered"):
        pdf_key_in(session, certificate, "fr", issuing())
    certificate.status = CertificateStatus.REVOKED
    session.flush()
    with pytest.raises(NotAllowed, match="only made of a valid label"):
        pdf_key_in(session, certificate, "en", issuing())
    assert session.scalar(select(func.count()).select_from(CertificateCopy)) == 0


def test_an_english_certificate_has_no_copy_to_make(manager):
    session = db_session()
    certificate = issued(session, manager, "silver", name="Klaster")
    assert certificate.language == "en"
    assert languages_of(certificate) == ["en"]
