"""Statistics with charts."""

from __future__ import annotations

from flask import render_template

from labelapp.blueprints.admin import bp
from labelapp.db import db_session
from labelapp.models import Role
from labelapp.services import statistics as service
from labelapp.web.access import role_required


@bp.route("/statistics")
@role_required(Role.ADMIN)
def statistics() -> str:
    """Labels by country, level and year; assessments by state; time to decision."""
    return render_template("admin/statistics.html", stats=service.gather(db_session()))
