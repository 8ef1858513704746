"""Pages for everyone, signed in or not."""

from __future__ import annotations

from flask import Blueprint
from flask import render_template

from labelapp.web import openapi

bp = Blueprint("public", __name__)


@bp.route("/")
def home() -> str:
    """What the label is and where to go next."""
    return render_template("public/home.html")


@bp.route("/api")
def api_reference() -> str:
    """The public API's operations, read from its OpenAPI document."""
    return render_template("public/api.html", spec=openapi.document())


from labelapp.blueprints.public import criteria  # noqa: E402, F401
from labelapp.blueprints.public import registry  # noqa: E402, F401
from labelapp.blueprints.public import statistics  # noqa: E402, F401
from labelapp.blueprints.public import verification  # noqa: E402, F401
