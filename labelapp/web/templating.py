"""Template globals and filters."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from decimal import ROUND_HALF_UP
from decimal import Decimal

from babel.lists import format_list
from flask import Flask
from flask_babel import format_date
from flask_babel import format_datetime
from flask_babel import format_decimal
from flask_babel import get_locale
from flask_babel import gettext

from assessment import Scheme
from labelapp.db import db_session
from labelapp.ecosystems import ECOSYSTEMS
from labelapp.ecosystems import secondary_list
from labelapp.models import Assessment
from labelapp.models import Certificate
from labelapp.models import CriteriaVersion
from labelapp.services.assessments import scheme_of
from labelapp.services.criteria import load_scheme
from labelapp.services.criteria_texts import certificate_texts
from labelapp.services.criteria_texts import scheme_in
from labelapp.services.organisations import country_name
from labelapp.web.i18n import language
from labelapp.web.settings import badge_url
from labelapp.web.settings import verification_url


def _format_datetime(value: datetime | None) -> str:
    """A moment in the reader's language; stored times are UTC, and the page says so."""
    if value is None:
        return "—"
    return f"{format_datetime(value, 'medium', rebase=False)} UTC"


def _format_date(value: date | datetime | None, width: str = "medium") -> str:
    """A day in the reader's language: "30 Nov 2026", "30.11.2026", "30 nov. 2026"."""
    if value is None:
        return "—"
    return str(format_date(value.date() if isinstance(value, datetime) else value, width))


def _one_decimal(value: Decimal | int | None) -> str:
    """Scores as people read them: one decimal, rounded half up (the data stays exact),
    with the reader's separators ("1,000.0", "1.000,0", "1 000,0")."""
    if value is None:
        return "—"
    rounded = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(format_decimal(rounded, format="#,##0.0"))


def _number(value: Decimal | int | float | None) -> str:
    """A count or measure as typed (no rounding) with the reader's separators."""
    if value is None:
        return "—"
    return str(format_decimal(value, format="#,##0.###"))


def level_title(level_id: str | None, of: Scheme | Assessment, short: bool = False) -> str:
    """A level as people read it: its title in the criteria (of a scheme, or of the
    version an assessment is pinned to) in the reader's language, "none" for no level.
    ``short``: "Gold"."""
    if not level_id:
        return str(gettext("none"))
    scheme = of if isinstance(of, Scheme) else scheme_of(of)
    rule = scheme_in(scheme, language()).level(level_id)
    if rule is None:  # a level the version does not know: say what was recorded
        return level_id
    return rule.short_title if short else rule.title


def printed_level(certificate: Certificate) -> str:
    """A certificate's level as the reader reads it (as issued in English)."""
    return certificate_texts(db_session(), certificate, language())[0]


def label_history(certificate: Certificate) -> str:
    """The labels a certificate continues and itself, oldest first: "Bronze 2025 →
    Silver 2027", the levels titled by its version in the reader's language; "" for
    a label that continues none."""
    entries = certificate.history
    if len(entries) < 2:
        return ""
    version = db_session().get(CriteriaVersion, certificate.criteria_version_id)
    assert version is not None  # a foreign key
    scheme = load_scheme(version)
    return " → ".join(
        f"{level_title(entry['level'], scheme, short=True)} {entry['year']}" for entry in entries
    )


def printed_note(certificate: Certificate) -> str:
    """The scheme's note of a certificate's version in the reader's language."""
    return certificate_texts(db_session(), certificate, language())[1]


def _country(code: str, in_language: str | None = None) -> str:
    """A country's name in the reader's language (or the one given)."""
    return country_name(code, in_language or language())


def _ecosystem(code: str) -> str:
    """An industrial ecosystem's name in the reader's language."""
    return str(gettext(ECOSYSTEMS.get(code, code)))


def _ecosystems(stored: str) -> str:
    """Comma-separated ecosystem ids (as stored) as names, joined the reader's way."""
    names = [_ecosystem(code) for code in secondary_list(stored)]
    return str(format_list(names, locale=get_locale())) if names else ""


def init_templating(app: Flask) -> None:
    app.add_template_filter(_format_datetime, "datetime")
    app.add_template_filter(_format_date, "date")
    app.add_template_filter(_one_decimal, "score")
    app.add_template_filter(_number, "number")
    app.add_template_filter(_country, "country")
    app.add_template_filter(printed_level, "printed_level")
    app.add_template_filter(_ecosystem, "ecosystem")
    app.add_template_filter(_ecosystems, "ecosystems")
    app.add_template_filter(printed_note, "printed_note")
    app.add_template_filter(label_history, "label_history")
    app.add_template_filter(level_title, "level_title")
    # A global, not a context processor: it is the same for every page of the app.
    app.add_template_global(verification_url, "verification_url")
    app.add_template_global(badge_url, "badge_url")
    app.jinja_env.globals["site"] = {"issuer_name": app.config["LABELAPP_ISSUER_NAME"]}
