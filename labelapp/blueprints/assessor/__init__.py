"""The assessor's pages: the queue, claiming, the review screen and the decisions."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("assessor", __name__, url_prefix="/review")


from labelapp.blueprints.assessor import decisions  # noqa: E402, F401
from labelapp.blueprints.assessor import improvement  # noqa: E402, F401
from labelapp.blueprints.assessor import reviews  # noqa: E402, F401
