"""Administration: accounts, organisations and conflicts, criteria versions, audit, statistics."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from labelapp.blueprints.admin import audit_log  # noqa: E402, F401
from labelapp.blueprints.admin import certificates  # noqa: E402, F401
from labelapp.blueprints.admin import criteria  # noqa: E402, F401
from labelapp.blueprints.admin import messages  # noqa: E402, F401
from labelapp.blueprints.admin import organisations  # noqa: E402, F401
from labelapp.blueprints.admin import statistics  # noqa: E402, F401
from labelapp.blueprints.admin import users  # noqa: E402, F401
