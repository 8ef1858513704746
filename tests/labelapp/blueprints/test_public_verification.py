"""Verification for anyone: the lookup, the status page, the PDF check, the API, the badge,
the PDF download and the registry; revocation changes all of them at once."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
from datetime import date
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from labelapp.certificates.numbering import CertificateNumber
from labelapp.db import db_session
from labelapp.models import AuditEvent
from labelapp.models import StoredFile
from labelapp.services import certificates
from labelapp.services.actor import SYSTEM
from labelapp.settings import init_settings
from labelapp.web.settings import issuing
from labelapp.web.settings import settings
from tests.fixtures.app import csrf_token
from tests.fixtures.app import submit
from tests.labelapp.services.factories import approved
from tests.labelapp.services.factories import change_status as _change
from tests.labelapp.services.factories import issued


@pytest.fixture
def cert(app, manager):
    """A silver certificate of the Polish test organisation: (number, pdf bytes)."""
    with app.app_context():
        made = issued(db_session(), db_session().merge(manager))
        pdf = db_session().get(StoredFile, made.pdf_key).content
        db_session().commit()
        return made.number, pdf


def _upload(client, data: bytes, name="certificate.pdf"):
    return submit(
        client,
        "/verify",
        {"document": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


# --- lookup and status page -----------------------------------------------------------


def test_the_lookup_form_leads_to_the_status_page(client, cert):
    number, _ = cert
    response = client.get("/verify", query_string={"number": f"  {number.lower()} "})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/verify/{number}")
    page = client.get(f"/verify/{number}").get_data(as_text=True)
    assert 'data-status="valid"' in page
    for expected in ["Łódzki Klaster ICT", "Poland", "Silver", "2026.1", "cluster"]:
        assert expected.lower() in page.lower()
    with client.application.app_context():
        sha = certificates.find(db_session(), number, settings().certificates.prefix).pdf_sha256
    assert sha in page


def test_a_mistyped_number_is_caught_by_its_check_letter(client, cert):
    number, _ = cert
    typo = number[:-3] + ("7" if number[-3] != "7" else "8") + number[-2:]
    response = client.get("/verify", query_string={"number": typo})
    assert response.status_code == 400
    assert "mistyped or two were swapped" in response.get_data(as_text=True)


# Well formed, with the right check letter, but never issued.
NEVER_ISSUED = CertificateNumber("CEL", 2020, 1).text


def test_an_unknown_well_formed_number_says_it_was_never_issued(client, cert):
    response = client.get("/verify", query_string={"number": NEVER_ISSUED})
    assert response.status_code == 404
    assert "No certificate with this number" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/verify/..%2F..%2Fetc%2Fpasswd",
        "/verify/%00",
        "/verify/CEL-2026-00001",
        "/verify/" + "A" * 300,
        "/certificates/..%2Fsecret.pdf",
        "/api/v1/certificates/%2e%2e",
    ],
)
def test_path_tricks_and_malformed_numbers_are_clear_4xx(client, cert, path):
    response = client.get(path)
    assert 400 <= response.status_code < 500


def test_a_loosely_typed_number_in_the_url_redirects_to_its_canonical_form(client, cert):
    number, _ = cert
    response = client.get(f"/verify/{number.lower()}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/verify/{number}")


# --- PDF download and upload check ----------------------------------------------------


def test_the_pdf_download_serves_the_stored_bytes(client, cert):
    number, pdf = cert
    response = client.get(f"/certificates/{number}.pdf")
    assert response.status_code == 200
    assert response.data == pdf
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["ETag"] == f'"{hashlib.sha256(pdf).hexdigest()}"'


def test_the_genuine_pdf_is_recognised_and_named(client, cert):
    number, pdf = cert
    response = _upload(client, pdf)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Genuine: this is certificate {number}" in text
    assert hashlib.sha256(pdf).hexdigest() in text


def test_a_modified_pdf_is_rejected(client, cert):
    _, pdf = cert
    altered = bytearray(pdf)
    altered[len(altered) // 2] ^= 0x01
    text = _upload(client, bytes(altered)).get_data(as_text=True)
    assert "Not a genuine, unaltered certificate" in text
    assert "Genuine: this is" not in text


def test_a_pdf_with_content_appended_after_signing_is_rejected(client, cert):
    _, pdf = cert
    text = _upload(client, pdf + b"\n% appended\n").get_data(as_text=True)
    assert "Not a genuine, unaltered certificate" in text


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        (b"", 400, "empty"),
        (b"<html><script>alert(1)</script></html>", 400, "not a PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, 400, "not a PDF"),
    ],
)
def test_non_pdf_uploads_get_a_clear_message_next_to_the_field(client, cert, data, status, message):
    response = _upload(client, data)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_a_huge_upload_is_refused_with_the_limit_and_nothing_is_stored(client, cert, session):
    before = session.scalar(select(func.count()).select_from(StoredFile))
    events = session.scalar(select(func.count()).select_from(AuditEvent))
    huge = FileStorage(io.BytesIO(b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024)), "huge.pdf")
    # Encoded in memory: the test client would spool a body this size to a temporary
    # file that nobody closes.
    boundary, body = encode_multipart(
        {"csrf_token": csrf_token(client, "/verify"), "document": huge}
    )
    response = client.post(
        "/verify", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 413
    assert "larger than 2 MB" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(StoredFile)) == before
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == events


def test_the_upload_form_needs_its_csrf_token(client, cert):
    _, pdf = cert
    response = client.post(
        "/verify",
        data={"document": (io.BytesIO(pdf), "c.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400


# --- API ------------------------------------------------------------------------------


def test_the_api_returns_the_design_contract(client, cert):
    number, pdf = cert
    body = client.get(f"/api/v1/certificates/{number}").get_json()
    assert {
        "number",
        "status",
        "level",
        "organisation",
        "scheme",
        "criteria_version",
        "issued_on",
        "valid_until",
        "pdf_sha256",
    } <= set(body)
    assert body["number"] == number and body["status"] == "valid" and body["level"] == "silver"
    assert body["organisation"] == {"name": "Łódzki Klaster ICT", "country": "PL"}
    assert (body["scheme"], body["criteria_version"]) == ("cluster-excellence", "2026.1")
    assert body["pdf_sha256"] == hashlib.sha256(pdf).hexdigest()
    assert date.fromisoformat(body["valid_until"]) > date.fromisoformat(body["issued_on"])


@pytest.mark.parametrize(
    ("number", "status"), [(NEVER_ISSUED, 404), ("nonsense", 400), ("CEL-1999", 400)]
)
def test_the_api_answers_unknown_and_malformed_numbers_in_json(client, cert, number, status):
    response = client.get(f"/api/v1/certificates/{number}")
    assert response.status_code == status
    assert response.is_json and response.get_json()["error"]["message"]


def test_the_api_finds_a_real_unknown_number_is_404(client, cert):
    number, _ = cert
    year, sequence = int(number[4:8]), int(number[9:14]) + 50
    unknown = CertificateNumber("CEL", year, sequence).text
    response = client.get(f"/api/v1/certificates/{unknown}")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


# --- badge ----------------------------------------------------------------------------


def test_the_badge_shows_level_and_status_revalidated_with_an_etag(client, cert):
    number, _ = cert
    response = client.get(f"/badge/{number}.svg")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("image/svg+xml")
    assert response.headers["Cache-Control"] == "no-cache"
    svg = response.get_data(as_text=True)
    assert 'data-status="valid"' in svg and "Silver · valid" in svg
    etag = response.headers["ETag"]
    again = client.get(f"/badge/{number}.svg", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_an_unknown_badge_is_a_grey_not_found_badge(client, cert):
    response = client.get(f"/badge/{NEVER_ISSUED}.svg")
    assert response.status_code == 404
    assert "certificate not found" in response.get_data(as_text=True)


# --- revocation changes everything at once -----------------------------------------------


def test_revoking_changes_page_api_badge_and_registry_at_once(client, cert, app, admin):
    number, pdf = cert
    badge_etag = client.get(f"/badge/{number}.svg").headers["ETag"]
    assert number in client.get("/registry").get_data(as_text=True)

    _change(app, admin, number, "revoke", "The organisation misrepresented its members.")

    page = client.get(f"/verify/{number}").get_data(as_text=True)
    assert 'data-status="revoked"' in page
    assert "misrepresented its members" in page
    body = client.get(f"/api/v1/certificates/{number}")
    assert body.status_code == 200  # revoked is an answer, never a 404
    assert body.get_json()["status"] == "revoked"
    assert body.get_json()["status_reason"] == "The organisation misrepresented its members."
    badge = client.get(f"/badge/{number}.svg", headers={"If-None-Match": badge_etag})
    assert badge.status_code == 200 and 'data-status="revoked"' in badge.get_data(as_text=True)
    assert number not in client.get("/registry").get_data(as_text=True)
    assert number not in client.get("/api/v1/registry").get_data(as_text=True)
    # The file is still the genuine PDF we issued, and the check says it is revoked.
    text = _upload(client, pdf).get_data(as_text=True)
    assert f"Genuine: this is certificate {number}" in text and "Revoked" in text


def test_suspension_shows_its_reason_and_reinstatement_restores_validity(client, cert, app, admin):
    number, _ = cert
    _change(app, admin, number, "suspend", "Under investigation.")
    assert client.get(f"/api/v1/certificates/{number}").get_json()["status"] == "suspended"
    assert "Under investigation." in client.get(f"/verify/{number}").get_data(as_text=True)
    _change(app, admin, number, "reinstate", "Investigation closed.")
    assert client.get(f"/api/v1/certificates/{number}").get_json()["status"] == "valid"


def test_a_superseded_certificate_names_its_successor(client, app, manager):
    with app.app_context():
        owner = db_session().merge(manager)
        first = issued(db_session(), owner)
        second = certificates.issue(
            db_session(),
            SYSTEM,
            approved(db_session(), owner, "gold", first.organisation),
            issuing(),
        )
        db_session().commit()
        old, new = first.number, second.number
    page = client.get(f"/verify/{old}").get_data(as_text=True)
    assert 'data-status="superseded"' in page and f"/verify/{new}" in page
    assert client.get(f"/api/v1/certificates/{old}").get_json()["superseded_by"] == new
    registry = client.get("/api/v1/registry").get_json()
    assert [item["number"] for item in registry["items"]] == [new]


# --- registry -------------------------------------------------------------------------


@pytest.fixture
def many(app, manager):
    """Five valid labels in two countries, one expired and one revoked."""
    with app.app_context():
        owner = db_session().merge(manager)
        session = db_session()
        names = [
            ("Łódzki Klaster ICT", "PL", "silver"),
            ("Ελληνικό Σύμπλεγμα Καινοτομίας", "GR", "gold"),
            ("Български клъстер", "BG", "bronze"),
            ("Mazowiecki Klaster", "PL", "gold"),
            ('=HYPERLINK("x")', "CZ", "silver"),
        ]
        for name, country, level in names:
            issued(session, owner, level, name=name, country=country)
        certificates.issue(
            session,
            SYSTEM,
            approved(session, owner, name="Old Cluster"),
            issuing(),
            on=date(2020, 1, 1),
        )
        gone = issued(session, owner, name="Gone Cluster")
        gone.status = gone.status.REVOKED
        session.commit()


def test_the_registry_lists_only_currently_valid_labels(client, many):
    text = client.get("/registry").get_data(as_text=True)
    assert "Ελληνικό Σύμπλεγμα Καινοτομίας" in text and "Български клъстер" in text
    assert "Old Cluster" not in text and "Gone Cluster" not in text
    assert client.get("/api/v1/registry").get_json()["total"] == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "lodzki"}, ["Łódzki Klaster ICT"]),
        ({"q": "ŁÓDZKI"}, ["Łódzki Klaster ICT"]),
        ({"q": "Σύμπλεγμα"}, ["Ελληνικό Σύμπλεγμα Καινοτομίας"]),
        ({"country": "PL"}, ["Łódzki Klaster ICT", "Mazowiecki Klaster"]),
        ({"level": "gold"}, ["Ελληνικό Σύμπλεγμα Καινοτομίας", "Mazowiecki Klaster"]),
        ({"q": "no such cluster"}, []),
    ],
)
def test_the_registry_searches_names_in_any_case_and_script_and_filters(
    client, many, query, expected
):
    items = client.get("/api/v1/registry", query_string=query).get_json()["items"]
    assert sorted(item["organisation"]["name"] for item in items) == sorted(expected)


def test_the_registry_pages_and_links_the_next_page(client, many):
    first = client.get("/api/v1/registry", query_string={"per_page": 2}).get_json()
    assert (first["page"], first["pages"], first["total"], len(first["items"])) == (1, 3, 5, 2)
    second = client.get(first["next"]).get_json()
    assert second["page"] == 2 and second["previous"]
    names = {i["number"] for i in first["items"]} & {i["number"] for i in second["items"]}
    assert names == set()


@pytest.mark.parametrize(
    "query", [{"page": "x"}, {"page": "0"}, {"per_page": "1000"}, {"country": "Poland"}]
)
def test_bad_registry_parameters_are_400_json(client, many, query):
    response = client.get("/api/v1/registry", query_string=query)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]


def test_the_registry_csv_exports_every_match_safely(client, many):
    response = client.get("/registry.csv", query_string={"country": "CZ"})
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["certificate_number", "organisation", "country"]
    assert len(rows) == 2
    assert rows[1][1] == '\'=HYPERLINK("x")'  # never run as a spreadsheet formula


def test_a_registry_page_costs_a_fixed_number_of_queries(client, many, sql_statements):
    assert client.get("/registry", query_string={"per_page": 2}).status_code == 200
    few = len(sql_statements)
    sql_statements.clear()
    assert client.get("/registry", query_string={"per_page": 50}).status_code == 200
    assert len(sql_statements) == few
    # The registry's fingerprint (its ETag), the count, the page's ids, their rows, the
    # filter choices.
    assert 3 <= few <= 5
    sql_statements.clear()
    assert client.get("/api/v1/registry").status_code == 200
    assert 2 <= len(sql_statements) <= 4


def test_a_verification_page_and_its_api_answer_cost_one_query_each(client, cert, sql_statements):
    """The busiest routes read the certificate and nothing else: no user is loaded for
    an anonymous visitor."""
    number, _ = cert
    for path in (f"/verify/{number}", f"/verify/{number}", f"/api/v1/certificates/{number}"):
        sql_statements.clear()
        assert client.get(path).status_code == 200
        assert len(sql_statements) == 1, sql_statements
        assert "FROM certificate" in sql_statements[0]


def test_a_view_that_sets_its_own_policy_keeps_it(client, cert):
    number, _ = cert
    badge = client.get(f"/badge/{number}.svg")
    assert badge.headers.getlist("Content-Security-Policy") == [
        "default-src 'none'; style-src 'unsafe-inline'"
    ]
    assert badge.headers["X-Content-Type-Options"] == "nosniff"


# --- rate limit -----------------------------------------------------------------------


@pytest.mark.parametrize("app_settings", [{"LABELAPP_LOOKUP_RATE_LIMIT": "3 per minute"}])
def test_floods_of_lookups_get_a_429_with_retry_after(client, cert, app_settings):
    number, _ = cert
    for _ in range(3):
        assert client.get(f"/api/v1/certificates/{number}").status_code == 200
    page = client.get(f"/verify/{number}")
    assert page.status_code == 429 and "Retry-After" in page.headers
    api = client.get(f"/api/v1/certificates/{number}")
    assert api.status_code == 429 and api.is_json


@pytest.mark.parametrize(
    "app_settings",
    [{"LABELAPP_LOOKUP_RATE_LIMIT": "2 per minute", "LABELAPP_BADGE_RATE_LIMIT": "3 per minute"}],
)
def test_badges_have_their_own_budget(client, cert, app_settings):
    number, _ = cert
    for _ in range(2):
        assert client.get(f"/verify/{number}").status_code == 200
    assert client.get("/registry").status_code == 429  # lookups share one budget
    for _ in range(3):
        assert client.get(f"/badge/{number}.svg").status_code == 200
    refused = client.get(f"/badge/{number}.svg")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1


# --- the organisation's own page ----------------------------------------------------------


def test_the_managers_page_shows_the_certificate_validity_and_renewal_path(
    client, cert, manager, login_as
):
    number, _ = cert
    login_as(manager)
    listing = client.get("/organisations").get_data(as_text=True)
    slug = re.search(r'href="/organisations/([^"/]+)"', listing).group(1)
    page = client.get(f"/organisations/{slug}").get_data(as_text=True)
    assert number in page and "Silver" in page and "Valid" in page
    assert "Start a new self-assessment" in page and "six months before" in page
    assert f"/badge/{number}.svg" in page


# --- pages of signed-in visitors ------------------------------------------------------------


def test_a_signed_in_visitor_never_gets_an_anonymous_page(client, cert, manager, login_as):
    number, _ = cert
    assert "Sign in" in client.get(f"/verify/{number}").get_data(as_text=True)
    login_as(manager)
    page = client.get(f"/verify/{number}")
    assert "Signed in as" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store" and "ETag" not in page.headers


# --- review findings: more bad input and the edges of the checks -----------------------------


def test_a_pdf_changed_by_an_incremental_update_after_signing_is_named_as_such(client, cert):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    _, pdf = cert
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.root["/Lang"] = generic.TextStringObject("fr")  # any later change
    writer.update_root()
    changed = io.BytesIO()
    writer.write(changed)
    text = _upload(client, changed.getvalue()).get_data(as_text=True)
    assert "Not a genuine, unaltered certificate" in text
    assert "changed after signing" in text


def test_a_pdf_with_one_flipped_byte_is_named_altered(client, cert):
    _, pdf = cert
    altered = bytearray(pdf)
    altered[pdf.index(b"stream") + 20] ^= 0x01  # inside the signed page content
    text = _upload(client, bytes(altered)).get_data(as_text=True)
    assert "but the file was changed after signing" in text


def test_a_pdf_of_another_issuer_is_not_ours(client, cert, tmp_path):
    from datetime import date as day

    from labelapp.certificates.content import CertificateContent
    from labelapp.certificates.keys import create_development_pair
    from labelapp.certificates.rendering import renderer
    from labelapp.certificates.signing import sign_pdf

    number, _ = cert
    forger = create_development_pair(tmp_path, "Forger")
    look_alike = CertificateContent(
        number,
        "Łódzki Klaster ICT",
        "Poland",
        "Gold",
        "Cluster Excellence Label",
        "2026.1",
        day(2026, 1, 1),
        day(2027, 12, 31),
        f"https://label.example.test/verify/{number}",
        "Forger",
    )
    forged = sign_pdf(renderer().render(look_alike), forger, "Forger")
    text = _upload(client, forged).get_data(as_text=True)
    assert "It is not a certificate issued by this label" in text


@pytest.mark.parametrize("broken", ["issuer certificate", "pdf libraries"])
def test_the_pdf_check_says_when_it_cannot_run(client, cert, app, monkeypatch, broken):
    _, pdf = cert
    if broken == "issuer certificate":
        app.config["LABELAPP_SIGNING_CERT"] = "/nonexistent/issuer-cert.pem"
        init_settings(app)  # the settings are built from the config once
    else:  # e.g. a library missing on this machine: the PDF stack fails to load
        monkeypatch.delitem(sys.modules, "labelapp.certificates.signing", raising=False)
        monkeypatch.setitem(sys.modules, "pyhanko.sign", None)
    response = _upload(client, pdf)
    assert response.status_code == 503
    assert "cannot be checked right now" in response.get_data(as_text=True)


@pytest.mark.parametrize("app_settings", [{"LABELAPP_LOOKUP_RATE_LIMIT": "1 per minute"}])
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/verify?number={n}", 302),  # to the certificate's own page
        ("/registry.csv", 200),
        ("/certificates/{n}.pdf", 200),
        ("/api/v1/registry", 200),
    ],
)
def test_every_lookup_path_counts_against_the_budget(client, cert, app_settings, path, status):
    number, _ = cert
    url = path.format(n=number)
    assert client.get(url).status_code == status
    refused = client.get(url)
    assert refused.status_code == 429 and "Retry-After" in refused.headers


@pytest.mark.parametrize(
    ("app_settings", "separate"),
    [
        ({"LABELAPP_LOOKUP_RATE_LIMIT": "1 per minute", "LABELAPP_TRUSTED_PROXIES": 1}, True),
        ({"LABELAPP_LOOKUP_RATE_LIMIT": "1 per minute"}, False),
    ],
)
def test_clients_behind_a_trusted_proxy_have_their_own_budgets(
    client, cert, app_settings, separate
):
    number, _ = cert
    first = {"X-Forwarded-For": "198.51.100.1"}
    second = {"X-Forwarded-For": "198.51.100.2"}
    assert client.get(f"/verify/{number}", headers=first).status_code == 200
    assert client.get(f"/verify/{number}", headers=first).status_code == 429
    # Without a trusted proxy the header is anyone's to forge: it changes nothing.
    expected = 200 if separate else 429
    assert client.get(f"/verify/{number}", headers=second).status_code == expected


def test_the_page_the_registry_and_the_pdf_name_a_country_alike(app, client, manager):
    with app.app_context():
        made = issued(db_session(), db_session().merge(manager), country="MD", name="Moldovan ICT")
        printed = certificates.content_of(db_session(), made, issuing()).country
        db_session().commit()
        number = made.number
    page = client.get(f"/verify/{number}").get_data(as_text=True)
    registry = client.get("/registry").get_data(as_text=True)
    assert printed == "Moldova"
    assert "Moldova" in page and "Republic of" not in page
    assert "Republic of" not in registry


# --- every page as its people see it (issue 13) ------------------------------------------


def test_a_mistyped_number_in_the_address_gets_the_lookup_form_filled_in(client, cert):
    number, _ = cert
    typo = number[:-3] + ("7" if number[-3] != "7" else "8") + number[-2:]
    response = client.get(f"/verify/{typo}")
    text = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "mistyped or two were swapped" in text
    assert f'value="{typo}"' in text  # the lookup form holds what the address had
    assert "Page not found" not in text
    unknown = client.get(f"/verify/{NEVER_ISSUED}")
    assert unknown.status_code == 404
    assert "No certificate with this number" in unknown.get_data(as_text=True)
    assert f'value="{NEVER_ISSUED}"' in unknown.get_data(as_text=True)


def test_an_address_of_control_characters_is_not_echoed_into_the_form(client, cert):
    response = client.get("/verify/%00%1b" + "A" * 300)
    text = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "\x00" not in text and "\x1b" not in text
    assert 'value="' + "A" * 40 + '"' in text  # cut to the longest number there is


@pytest.mark.parametrize(
    ("action", "wording"),
    [
        ("revoke", "no longer valid: the label was revoked"),
        ("suspend", "not valid while the label is suspended"),
    ],
)
def test_the_pdf_of_a_revoked_or_suspended_certificate_is_offered_as_no_longer_valid(
    client, cert, app, admin, action, wording
):
    number, _ = cert
    assert "Download the certificate (PDF)" in client.get(f"/verify/{number}").get_data(
        as_text=True
    )
    _change(app, admin, number, action, "Checked again.")
    page = client.get(f"/verify/{number}").get_data(as_text=True)
    assert f"Download the PDF as issued — {wording}" in page
    assert "Download the certificate (PDF)" not in page
    assert f'href="/certificates/{number}.pdf"' in page  # still there: it is evidence


def test_the_pdf_check_says_a_revoked_certificates_authentic_pdf_is_no_longer_valid(
    client, cert, app, admin
):
    number, pdf = cert
    valid = _upload(client, pdf).get_data(as_text=True)
    assert "no longer valid" not in valid and "This PDF is authentic but" not in valid
    _change(app, admin, number, "revoke", "The organisation misrepresented its members.")
    text = _upload(client, pdf).get_data(as_text=True)
    assert f"Genuine: this is certificate {number}" in text
    assert "This PDF is authentic but no longer valid: the label was revoked on" in text
    assert "misrepresented its members" in text


def test_the_pdf_check_says_an_expired_certificates_pdf_is_no_longer_valid(
    client, app, manager, monkeypatch
):
    with app.app_context():
        made = issued(db_session(), db_session().merge(manager))
        pdf = db_session().get(StoredFile, made.pdf_key).content
        after = made.valid_until + timedelta(days=1)
        db_session().commit()
    monkeypatch.setattr(certificates, "today", lambda: after)
    text = _upload(client, pdf).get_data(as_text=True)
    assert "Expired" in text
    assert "This PDF is authentic but no longer valid: the label expired after" in text


def test_the_registry_names_each_scheme_once_with_its_version(client, many):
    text = client.get("/registry").get_data(as_text=True)
    cells = re.findall(r"<td>Cluster Excellence Label[^<]*</td>", text)
    assert cells and set(cells) == {"<td>Cluster Excellence Label 2026.1</td>"}
    assert "own scheme inspired" not in text  # the long title is nowhere on the page
    # The filter names the scheme once, whatever versions its labels were assessed on.
    options = re.findall(r'<option value="cluster-excellence"[^>]*>([^<]*)</option>', text)
    assert options == ["Cluster Excellence Label"]


def test_a_certificate_page_marks_verify_as_the_part_of_the_site_it_belongs_to(client, cert):
    html = client.get(f"/verify/{cert[0]}").get_data(as_text=True)
    assert '<a href="/verify" aria-current="true">Verify a certificate</a>' in html
    assert 'aria-current="page"' not in html  # no navigation link leads to this very page
