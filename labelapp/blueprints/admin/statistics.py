"""Statistics with charts."""

from __future__ import annotations

from dataclasses import replace

from flask import render_template
from flask_babel import gettext

from labelapp.blueprints.admin import bp
from labelapp.db import db_session
from labelapp.models import Role
from labelapp.services import statistics as service
from labelapp.web.access import role_required


@bp.route("/statistics")
@role_required(Role.ADMIN)
def statistics() -> str:
    """Labels by country, level and year; assessments by state; time to decision."""
    stats = service.gather(db_session())
    # The states' names (marked in the models) in the reader's language.
    states = [(gettext(label), count) for label, count in stats.assessments_by_state]
    return render_template(
        "admin/statistics.html", stats=replace(stats, assessments_by_state=states)
    )
