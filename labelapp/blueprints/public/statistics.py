"""Public statistics: the page and its CSV, for anyone (decision 25)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date

from flask import Response
from flask import abort
from flask import current_app
from flask import render_template
from flask import request
from flask_babel import gettext

from assessment.peers import MIN_GROUP
from labelapp.blueprints.public import bp
from labelapp.db import db_session
from labelapp.services import certificates
from labelapp.services import public_statistics
from labelapp.services import registry
from labelapp.services.organisations import country_choices
from labelapp.services.public_statistics import PublicStatistics
from labelapp.web.conditional import public_answer
from labelapp.web.conditional import public_page
from labelapp.web.csv_cells import csv_cell
from labelapp.web.i18n import language
from labelapp.web.lookup_budget import LOOKUP
from labelapp.web.lookup_budget import counted


def _country() -> str:
    """The ``country`` filter: "" for all, else a known ISO code.

    :raise 404: a value that names no country (a known country without labels is
        an empty result instead).
    """
    code = (request.args.get("country") or "").strip().upper()
    if code and code not in dict(country_choices()):
        abort(404)
    return code


@bp.route("/statistics")
@counted(LOOKUP)
def statistics() -> Response:
    """Valid labels by country, level and year; median section percentages by ecosystem."""
    country, today = _country(), certificates.today()
    return public_page(
        ("statistics page", public_statistics.fingerprint(db_session()), today, country),
        lambda: _render_page(country, today),
    )


def _render_page(country: str, today: date) -> str:
    session = db_session()
    countries = registry.choices(session, today).countries
    if country and country not in countries:  # still shown as chosen in the filter
        countries = sorted([*countries, country])
    return render_template(
        "public/statistics.html",
        stats=public_statistics.gather(session, today, language(), country),
        countries=countries,
        min_group=MIN_GROUP,
    )


@bp.route("/statistics.csv")
@counted(LOOKUP)
def statistics_csv() -> Response:
    """The page's figures as CSV, its header in the reader's language."""
    country, today = _country(), certificates.today()
    response = public_answer(
        ("statistics csv", public_statistics.fingerprint(db_session()), today, country),
        lambda: _csv(public_statistics.gather(db_session(), today, language(), country)),
    )
    # Its header follows the reader's language, chosen like a page's.
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def _csv(stats: PublicStatistics) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(_cell_rows(_rows(stats)))
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    name = "-".join(part for part in ("statistics", stats.country, stats.on.isoformat()) if part)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _cell_rows(rows: list[list[str | int]]) -> list[list[str]]:
    # Text a spreadsheet would run as a formula is written as text (as in the registry).
    return [[csv_cell(value) for value in row] for row in rows]


def _rows(stats: PublicStatistics) -> list[list[str | int]]:
    """The header and one row per figure of the page, named as the page names them."""
    filters = current_app.jinja_env.filters  # the page's own names, one owner each
    country: Callable[[str], str] = filters["country"]
    ecosystem: Callable[[str], str] = filters["ecosystem"]
    by_country, by_level = gettext("Valid labels by country"), gettext("Valid labels by level")
    by_year = gettext("Valid labels by year of issue")
    median = gettext("Median section percentages by industrial ecosystem")
    rows: list[list[str | int]] = [
        [
            gettext("Figure"),
            gettext("Group"),
            gettext("Code"),
            gettext("Criteria version"),
            gettext("Section"),
            gettext("Valid labels"),
            gettext("Median percentage"),
        ]
    ]
    rows += [[by_country, country(code), code, "", "", n, ""] for code, n in stats.by_country]
    titles = stats.level_titles
    rows += [[by_level, titles[level], level, "", "", n, ""] for level, n in stats.by_level]
    rows += [[by_year, str(year), str(year), "", "", n, ""] for year, n in stats.by_year]
    for version in stats.medians:
        label = f"{version.scheme_name} {version.version}"
        for group in version.groups:
            for section_id, title in version.sections:
                value = group.medians.get(section_id)
                if value is not None:
                    name = ecosystem(group.ecosystem)
                    figure = [median, name, group.ecosystem, label, title, group.organisations]
                    rows.append([*figure, f"{value.normalize():f}"])
    return rows
