"""A log line for every refused state change: who, what, on which object, and why."""

from __future__ import annotations

import logging

from flask import request
from flask_login import current_user

log = logging.getLogger("labelapp.refusals")


def log_refusal(action: str, object_ref: str, reason: object) -> None:
    """Record the refusal in the application log (nothing is written to the database)."""
    user = current_user.email if current_user.is_authenticated else "anonymous"
    log.warning(
        "refused %s on %s for %s from %s: %s", action, object_ref, user, request.remote_addr, reason
    )
