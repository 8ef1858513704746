"""The cluster manager's pages: organisations, self-assessments, evidence, submission."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("manager", __name__)


from labelapp.blueprints.manager import answer_pages  # noqa: E402, F401
from labelapp.blueprints.manager import assessments  # noqa: E402, F401
from labelapp.blueprints.manager import improvement  # noqa: E402, F401
from labelapp.blueprints.manager import invitations  # noqa: E402, F401
from labelapp.blueprints.manager import offline  # noqa: E402, F401
from labelapp.blueprints.manager import organisations  # noqa: E402, F401
