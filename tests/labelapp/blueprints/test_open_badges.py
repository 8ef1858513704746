"""Every certificate is also an Open Badges 3.0 credential: it passes each verification
step of the specification in order, stops passing the status step on the very next
request once the label is revoked or suspended, and fails the proof when a byte of it
changes (decision 35)."""

from __future__ import annotations

import base64
import json
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest

from labelapp.db import db_session
from labelapp.models import Organisation
from labelapp.services import certificates
from labelapp.services.actor import SYSTEM
from labelapp.settings import init_settings
from tests.fixtures.open_badges import VerificationFailed
from tests.fixtures.open_badges import verify
from tests.labelapp.services.factories import approved
from tests.labelapp.services.factories import change_status
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import issuing


@pytest.fixture
def number(app, manager) -> str:
    """A silver certificate of the Polish test organisation, committed."""
    with app.app_context():
        made = issued(db_session(), db_session().merge(manager))
        db_session().commit()
        return made.number


def _credential(client, number: str) -> str:
    response = client.get(f"/api/v1/certificates/{number}/credential")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
    return response.get_data(as_text=True)


def _with_payload(token: str, change) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    change(claims)
    encoded = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{encoded}.{signature}"


def test_a_credential_passes_every_verification_step(client, number, app):
    credential = verify(client, _credential(client, number))
    with app.app_context():
        found = certificates.find(db_session(), number, "CEL")
        assert found is not None
        organisation, valid_until = found.organisation_name, found.valid_until
        issued_on, version = found.issued_on, found.criteria_version
    subject = credential["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == organisation
    achievement = subject["achievement"]
    assert achievement["achievementType"] == "QualityAssuranceCredential"
    assert achievement["version"] == version
    assert achievement["name"].startswith("Cluster Excellence Label — Silver")
    assert version in achievement["criteria"]["narrative"]
    # The criteria link leads to the version's public page, at the level's rules.
    page, anchor = achievement["criteria"]["id"].split("#")
    assert anchor == "level-silver"
    assert f'id="{anchor}"' in client.get(page).get_data(as_text=True)
    assert credential["validFrom"] == f"{issued_on.isoformat()}T00:00:00Z"
    assert credential["validUntil"] == f"{valid_until.isoformat()}T23:59:59Z"
    assert credential["evidence"][0]["id"].endswith(f"/verify/{number}")
    assert credential["issuer"]["name"] == app.config["LABELAPP_ISSUER_NAME"]
    # The issuer carries its public key, named by the address that answers it.
    (method,) = credential["issuer"]["verificationMethod"]
    assert client.get(method["id"]).get_json() == method["publicKeyJwk"]


def test_revoking_fails_the_status_step_on_the_next_request(client, number, app, admin):
    token = _credential(client, number)
    verify(client, token)
    change_status(app, admin, number, "revoke", "Label misused in advertising.")
    with pytest.raises(VerificationFailed, match="Label misused") as failed:
        verify(client, token)
    assert failed.value.step == "status"


def test_a_suspension_holds_only_while_it_lasts(client, number, app, admin):
    token = _credential(client, number)
    change_status(app, admin, number, "suspend", "Under investigation.")
    with pytest.raises(VerificationFailed, match="suspended: Under investigation") as failed:
        verify(client, token)
    assert failed.value.step == "status"
    change_status(app, admin, number, "reinstate", "Investigation closed.")
    verify(client, token)


def test_a_changed_byte_fails_the_proof(client, number):
    token = _credential(client, number)

    def rename(claims):
        claims["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"

    for forged in (
        _with_payload(token, rename),
        _with_payload(token, lambda claims: claims.update(validUntil="2099-12-31T23:59:59Z")),
        token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),
    ):
        with pytest.raises(VerificationFailed) as failed:
            verify(client, forged)
        assert failed.value.step == "proof"


def test_a_credential_from_another_key_fails_the_proof(client, number, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from joserfc import jwt
    from joserfc.jwk import ECKey

    token = _credential(client, number)
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=" * 4))
    other = ECKey.import_key(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    # The issuer's kid, but a key of someone else's (carried in the header or not).
    for carried in ({**header, "jwk": other.as_dict(private=False)}, header):
        forged = jwt.encode(carried, claims, other, algorithms=["ES256"])
        with pytest.raises(VerificationFailed) as failed:
            verify(client, forged)
        assert failed.value.step == "proof"


def test_an_expired_label_fails_the_dates_step_not_the_status(client, app, manager):
    with app.app_context():
        assessment = approved(db_session(), db_session().merge(manager))
        old = datetime.now(UTC).date() - timedelta(days=800)
        made = certificates.issue(db_session(), SYSTEM, assessment, issuing(), on=old)
        db_session().commit()
        number = made.number
    token = _credential(client, number)
    with pytest.raises(VerificationFailed, match="expired") as failed:
        verify(client, token)
    assert failed.value.step == "dates"
    credential = verify(client, token, now=datetime.combine(old, datetime.min.time(), UTC))
    assert credential["validFrom"].startswith(old.isoformat())


def test_a_superseded_label_is_on_the_revocation_list(client, app, manager):
    with app.app_context():
        first = issued(db_session(), db_session().merge(manager), "bronze")
        db_session().commit()
        first_number, organisation_id = first.number, first.organisation_id
    token = _credential(client, first_number)
    verify(client, token)
    with app.app_context():
        organisation = db_session().get(Organisation, organisation_id)
        second = issued(db_session(), db_session().merge(manager), "silver", organisation)
        db_session().commit()
        second_number = second.number
    with pytest.raises(VerificationFailed, match=f"superseded: {second_number}"):
        verify(client, token)
    verify(client, _credential(client, second_number))


def test_a_german_label_speaks_german(client, app, manager):
    with app.app_context():
        made = issued(db_session(), db_session().merge(manager), certificate_language="de")
        db_session().commit()
        number = made.number
    credential = verify(client, _credential(client, number))
    assert credential["credentialSubject"]["achievement"]["inLanguage"] == "de"
    assert "Zertifikat" in credential["description"]


def test_unknown_numbers_answer_as_the_certificate_endpoint_does(client, number):
    for path, status in (("CEL-2026-00001-X", 400), ("not-a-number", 400)):
        response = client.get(f"/api/v1/certificates/{path}/credential")
        assert response.status_code == status
        assert response.get_json()["error"]["status"] == status
    unknown = number.split("-")
    unknown[2] = "99999"
    from labelapp.certificates.numbering import CertificateNumber

    free = CertificateNumber("CEL", int(unknown[1]), 99999).text
    response = client.get(f"/api/v1/certificates/{free}/credential")
    assert response.status_code == 404
    plain = client.get(f"/api/v1/certificates/{free}")
    assert plain.status_code == 404 and plain.get_json()["error"] == response.get_json()["error"]


def test_the_keys_are_published_without_their_private_half(client, number):
    token = _credential(client, number)
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    keys = client.get("/api/v1/issuer/keys")
    assert keys.mimetype == "application/jwk-set+json"
    published = json.loads(keys.get_data())["keys"]
    assert published[0]["kid"] == header["kid"].rsplit("/", 1)[1]
    assert all("d" not in key for key in published)
    assert client.get("/api/v1/issuer/keys/no-such-key").status_code == 404
    profile = client.get("/api/v1/issuer").get_json()
    assert profile["id"].endswith("/api/v1/issuer") and "Profile" in profile["type"]
    (method,) = profile["verificationMethod"]
    assert method["id"] == header["kid"] and method["publicKeyJwk"] == published[0]


def test_answers_carry_an_etag(client, number):
    for path in (f"/api/v1/certificates/{number}/credential", "/api/v1/credentials/revocations"):
        first = client.get(path)
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304, path


def test_a_key_that_cannot_sign_answers_503_not_500(client, number, app):
    app.config["LABELAPP_SIGNING_KEY"] = app.config["LABELAPP_SIGNING_CERT"]  # not a key
    init_settings(app)  # the settings are built from the config once
    for path in (
        f"/api/v1/certificates/{number}/credential",
        "/api/v1/issuer/keys",
        "/api/v1/issuer",
    ):
        response = client.get(path)
        assert response.status_code == 503, path
        assert "issuer key" in response.get_json()["error"]["message"]
