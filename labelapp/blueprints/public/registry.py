"""The public registry of organisations holding a currently valid label, and its CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from flask import Response
from flask import current_app
from flask import render_template
from flask import request
from flask import url_for

from labelapp.blueprints.public import bp
from labelapp.db import db_session
from labelapp.db import get_database
from labelapp.services import certificates
from labelapp.services import public_address
from labelapp.services import registry
from labelapp.services.criteria_texts import current_level_titles
from labelapp.text import Text
from labelapp.web.conditional import public_answer
from labelapp.web.conditional import public_page
from labelapp.web.csv_cells import csv_cell
from labelapp.web.i18n import language
from labelapp.web.lookup_budget import LOOKUP
from labelapp.web.lookup_budget import counted
from labelapp.web.registry_params import RegistryParams
from labelapp.web.registry_params import read_params
from labelapp.web.settings import base_url


@bp.route("/registry")
@counted(LOOKUP)
def registry_page() -> Response | tuple[str, int]:
    """Search, filter and page through labelled organisations; a 304 while nothing changed."""
    params, problems = read_params(request.args, current_app.config["LABELAPP_REGISTRY_PAGE_SIZE"])
    today = certificates.today()
    if problems:
        return _render_page(params, problems, today), 400
    return public_page(
        ("registry page", registry.fingerprint(db_session()), today, params),
        lambda: _render_page(params, problems, today),
    )


def _render_page(params: RegistryParams, problems: dict[str, Text], today: date) -> str:
    session = db_session()
    choices = registry.choices(session, today)
    reader = language()
    if reader != "en":  # the level filter in the reader's language
        titles = current_level_titles(session, [key for key, _name in choices.schemes], reader)
        choices = replace(
            choices, levels=[(level, titles.get(level, title)) for level, title in choices.levels]
        )
    return render_template(
        "public/registry.html",
        page=registry.search(session, params.filter, today, params.page, params.page_size),
        params=params,
        problems=problems,
        choices=choices,
        today=today,
        page_url=lambda number: _url(params, number),
    )


def _url(params: RegistryParams, page: int) -> str:
    query: dict[str, Any] = params.query(page=page)
    return url_for("public.registry_page", **query)


@bp.route("/registry.csv")
@counted(LOOKUP)
def registry_csv() -> Response:
    """Every matching labelled organisation, as CSV (UTF-8 with a byte-order mark)."""
    params, _problems = read_params(request.args, current_app.config["LABELAPP_REGISTRY_PAGE_SIZE"])
    today = certificates.today()
    return public_answer(
        ("registry csv", registry.fingerprint(db_session()), today, params.filter),
        lambda: _csv(params, today),
    )


def _csv(params: RegistryParams, today: date) -> Response:
    base = base_url()  # the stream runs after the request has ended
    # The rows are read while the response streams, after the request has ended.
    rows = registry.export(get_database().sessionmaker, params.filter, today)

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            [
                "certificate_number",
                "organisation",
                "country",
                "level",
                "scheme",
                "criteria_version",
                "issued_on",
                "valid_until",
                "verification_url",
            ]
        )
        yield "\ufeff" + buffer.getvalue()
        for certificate in rows:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(
                [
                    csv_cell(certificate.number),
                    csv_cell(certificate.organisation_name),
                    certificate.country,
                    csv_cell(certificate.level_title),
                    csv_cell(certificate.scheme_title),
                    csv_cell(certificate.criteria_version),
                    certificate.issued_on.isoformat(),
                    certificate.valid_until.isoformat(),
                    public_address.verification_url(certificate.number, base),
                ]
            )
            yield buffer.getvalue()

    response = Response(generate(), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="registry-{today.isoformat()}.csv"'
    )
    return response
