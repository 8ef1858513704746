"""The public JSON API (version 1): certificates and the registry."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import jsonify
from flask import request
from flask import url_for
from werkzeug.wrappers import Response

from labelapp.certificates.keys import SigningError
from labelapp.certificates.numbering import BadNumber
from labelapp.certificates.web_keys import signing_key
from labelapp.db import db_session
from labelapp.extensions import csrf
from labelapp.models import Certificate
from labelapp.services import certificate_copies
from labelapp.services import certificates
from labelapp.services import open_badges
from labelapp.services import public_address
from labelapp.services import registry
from labelapp.services.errors import ValidationFailed
from labelapp.web import openapi
from labelapp.web.conditional import public_answer
from labelapp.web.errors import render_error
from labelapp.web.lookup_budget import LOOKUP
from labelapp.web.lookup_budget import counted
from labelapp.web.registry_params import RegistryParams
from labelapp.web.registry_params import read_params
from labelapp.web.settings import base_url
from labelapp.web.settings import issuing
from labelapp.web.settings import settings

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # read-only, no cookies needed

# The longest path and query the API reads; longer ones get a JSON 414 here, well
# below the server's own limit on the request line (labelapp.serving).
MAX_URL_LENGTH = 4096


@bp.before_request
def _refuse_long_addresses() -> None:
    environ = request.environ
    if len(environ.get("PATH_INFO", "")) + len(environ.get("QUERY_STRING", "")) > MAX_URL_LENGTH:
        abort(414)


def certificate_json(certificate: Certificate, on: date) -> dict[str, Any]:
    """The contract of DESIGN.md, plus what a status needs to be understood."""
    status = certificate.public_status(on)
    base = base_url()
    superseded_by = certificate.superseded_by
    return {
        "number": certificate.number,
        "status": status.value,
        "level": certificate.level,
        "level_title": certificate.level_title,
        "organisation": {
            "name": certificate.organisation_name,
            "country": certificate.country,
        },
        "scheme": certificate.scheme,
        "scheme_title": certificate.scheme_title,
        "criteria_version": certificate.criteria_version,
        # The assessment's first day; null on labels issued before it was recorded.
        "assessed_on": certificate.assessed_on.isoformat() if certificate.assessed_on else None,
        "issued_on": certificate.issued_on.isoformat(),
        "valid_until": certificate.valid_until.isoformat(),
        "status_reason": certificate.status_reason or None,
        "status_changed_on": certificate.status_changed_at.date().isoformat()
        if certificate.status_changed_at
        else None,
        "superseded_by": superseded_by.number if superseded_by else None,
        "pdf_sha256": certificate.pdf_sha256,
        "verification_url": public_address.verification_url(certificate.number, base),
        "pdf_url": public_address.pdf_url(certificate.number, base),
        # The PDF as issued is in "language"; "pdf_urls" gives it in every language it
        # can be had in (decision 21).
        "language": certificate.language,
        "pdf_urls": {
            code: public_address.pdf_url(certificate.number, base, code, certificate.language)
            for code in certificate_copies.languages_of(certificate)
        },
    }


def _certificate(number: str) -> Certificate | tuple[Response | str, int]:
    """The certificate with this number, or the API's error answer for it."""
    try:
        found = certificates.find(db_session(), number, settings().certificates.prefix)
    except BadNumber as bad:
        return render_error(400, str(bad))
    if found is None:
        return render_error(404, "No certificate with this number was issued by this label.")
    return found


@bp.route("/certificates/<number>")
@counted(LOOKUP)
def certificate(number: str) -> Response | tuple[Response | str, int]:
    found = _certificate(number)
    if not isinstance(found, Certificate):
        return found
    today = certificates.today()
    status = found.public_status(today)
    return public_answer(
        ("api certificate", found.id, found.row_version, status.value),
        lambda: jsonify(certificate_json(found, today)),
    )


@bp.route("/registry")
@counted(LOOKUP)
def registry_json() -> Response | tuple[Response | str, int]:
    params, problems = read_params(request.args, current_app.config["LABELAPP_REGISTRY_PAGE_SIZE"])
    if problems:
        return render_error(400, " ".join(str(problem) for problem in problems.values()))
    today = certificates.today()
    return public_answer(
        ("api registry", registry.fingerprint(db_session()), today, params),
        lambda: _registry_page(params, today),
    )


def _registry_page(params: RegistryParams, today: date) -> Response:
    page = registry.search(db_session(), params.filter, today, params.page, params.page_size)

    def link(number: int) -> str | None:
        if not 1 <= number <= page.pages or number == page.page:
            return None
        query: dict[str, Any] = {**params.query(page=number), "per_page": params.page_size}
        return url_for("api.registry_json", **query)

    return jsonify(
        {
            "items": [certificate_json(row, today) for row in page.rows],
            "page": page.page,
            "per_page": page.page_size,
            "total": page.total,
            "pages": page.pages,
            "next": link(page.page + 1),
            "previous": link(page.page - 1),
        }
    )


@bp.route("/openapi.json")
@counted(LOOKUP)
def openapi_document() -> Response | tuple[Response | str, int]:
    """The OpenAPI 3.1 description of this API."""
    facts = ("api openapi", openapi.fingerprint())
    return public_answer(facts, lambda: jsonify(openapi.document()))


# --- Open Badges 3.0 (decision 35) ---------------------------------------------------

KEY_UNAVAILABLE = "The issuer key cannot sign or be read right now; try again later."


@bp.route("/certificates/<number>/credential")
@counted(LOOKUP)
def credential(number: str) -> Response | tuple[Response | str, int]:
    """The certificate as an Open Badges 3.0 credential, a compact JWS (text/plain, as
    the specification asks of a credential served on the web)."""
    found = _certificate(number)
    if not isinstance(found, Certificate):
        return found
    try:
        pair = certificates.signing_pair(settings().certificates)
        kid = signing_key(pair).thumbprint
    except (SigningError, ValidationFailed):
        return render_error(503, KEY_UNAVAILABLE)
    # Signatures differ each time (ECDSA), the credential does not: the tag is the
    # credential's, and a cached copy verifies as well as a new one.
    return public_answer(
        ("api credential", found.id, kid),
        lambda: Response(
            open_badges.signed_credential(db_session(), found, issuing()),
            mimetype="text/plain",
        ),
    )


@bp.route("/issuer")
@counted(LOOKUP)
def issuer() -> Response | tuple[Response | str, int]:
    """The issuer's Open Badges profile (every credential's ``issuer.id``), with the
    public keys its credentials are checked with."""
    keys = _keys()
    if not isinstance(keys, list):
        return keys
    return public_answer(
        ("api issuer", tuple(key["kid"] for key in keys)),
        lambda: jsonify(
            {"@context": open_badges.CONTEXT, **open_badges.issuer_profile(issuing(), keys)}
        ),
    )


def _keys() -> list[dict[str, Any]] | tuple[Response | str, int]:
    try:
        return open_badges.issuer_keys(issuing())
    except (SigningError, ValidationFailed):
        return render_error(503, KEY_UNAVAILABLE)


@bp.route("/issuer/keys")
@counted(LOOKUP)
def issuer_keys() -> Response | tuple[Response | str, int]:
    """The issuer's public keys as a JSON Web Key Set: the current key and earlier ones."""
    keys = _keys()
    if not isinstance(keys, list):
        return keys
    return public_answer(
        ("api keys", tuple(key["kid"] for key in keys)),
        lambda: Response(json.dumps({"keys": keys}), mimetype="application/jwk-set+json"),
    )


@bp.route("/issuer/keys/<kid>")
@counted(LOOKUP)
def issuer_key(kid: str) -> Response | tuple[Response | str, int]:
    """One public key of the issuer (what a credential's ``kid`` names)."""
    keys = _keys()
    if not isinstance(keys, list):
        return keys
    key = next((key for key in keys if key["kid"] == kid), None)
    if key is None:
        return render_error(404, "The issuer has no key with this id.")
    return public_answer(
        ("api key", kid),
        lambda: Response(json.dumps(key), mimetype="application/jwk+json"),
    )


@bp.route("/credentials/revocations")
@counted(LOOKUP)
def revocations() -> Response | tuple[Response | str, int]:
    """The 1EdTech revocation list of the label's credentials."""
    today = certificates.today()
    return public_answer(
        ("api revocations", registry.fingerprint(db_session()), today),
        lambda: jsonify(open_badges.revocation_list(db_session(), issuing(), today)),
    )
