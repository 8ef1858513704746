"""Error pages for people and JSON errors for the API: never a bare 500."""

from __future__ import annotations

import logging
import time

from flask import Flask
from flask import current_app
from flask import jsonify
from flask import render_template
from flask import request
from flask_babel import gettext
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from labelapp.db import db_session
from labelapp.extensions import limiter
from labelapp.text import N_
from labelapp.text import Text
from labelapp.text import msg
from labelapp.web.messages import say

log = logging.getLogger(__name__)

# The English texts: the API answers with them, pages show them in the reader's language.
TITLES = {
    400: N_("The request could not be understood"),
    401: N_("Please sign in"),
    403: N_("You may not see this page"),
    404: N_("Page not found"),
    405: N_("This action is not allowed here"),
    413: N_("The upload is too large"),
    414: N_("The address is too long"),
    429: N_("Too many requests"),
    500: N_("Something went wrong on our side"),
    503: N_("The service is unavailable for a moment"),
}
UNTITLED = N_("Error")

EXPLANATIONS = {
    400: N_("The request was incomplete or malformed. Go back, check the form and send it again."),
    403: N_(
        "Your account does not give you access to this page. If you think it should, "
        "ask an administrator."
    ),
    404: N_("Nothing is at this address. Check it for a typing mistake."),
    405: N_("This address does not accept this kind of request."),
    413: N_("The file you sent is larger than the limit of %(limit)s MB. Send a smaller file."),
    414: N_("The address of this request is longer than this service accepts."),
    429: N_("You sent too many requests in a short time. Wait a little and try again."),
    500: N_("The error was recorded. Try again in a moment; nothing you sent was half-saved."),
    503: N_("The database cannot be reached right now. Try again in a moment."),
}

CSRF_EXPIRED = msg(
    "This form was not sent from this site or has expired. Reload the page and send the form again."
)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def render_error(code: int, message: Text | str | None = None) -> tuple[Response | str, int]:
    """The error as JSON for the API (in English) or as a page for people (in their language)."""
    if message is None and code in EXPLANATIONS:
        limit = current_app.config.get("LABELAPP_MAX_UPLOAD_MB", 10)
        params = {"limit": limit} if code == 413 else {}
        message = msg(EXPLANATIONS[code], **params)
    title = TITLES.get(code, UNTITLED)
    if _wants_json():
        return jsonify(error={"status": code, "title": title, "message": str(message or "")}), code
    return render_template(
        "errors/error.html",
        code=code,
        title=gettext(title),
        message=say(message) if message else "",
    ), code


def _handle_http(error: HTTPException) -> Response:
    code = error.code or 500
    # A view may abort with its own explanation; the class default is werkzeug's prose,
    # and Flask-Limiter's is the limit itself ("3 per 1 minute"): ours say more.
    custom = error.description if error.description != type(error).description else None
    if isinstance(error, RateLimitExceeded):
        custom = None
    body, status = render_error(code, custom)
    response = body if isinstance(body, Response) else Response(body, mimetype="text/html")
    response.status_code = status
    # Keep Allow (405) and Retry-After (429) that the original error carried.
    for header, value in error.get_headers():
        if header.lower() in {"allow", "retry-after"}:
            response.headers[header] = value
    if isinstance(error, RateLimitExceeded):
        response.headers["Retry-After"] = str(_seconds_until_reset())
    return response


def _seconds_until_reset() -> int:
    """When the refused client may try again (asked of the store only when refusing).

    Flask-Limiter's rate-limit headers would ask the store on every limited request,
    a second round trip to Redis for each public lookup; only a refusal needs it.
    """
    current = limiter.current_limit
    if current is None:
        return 1
    return max(1, int(current.reset_at - time.time()))


def _handle_csrf(error: CSRFError) -> tuple[Response | str, int]:
    return render_error(400, CSRF_EXPIRED)


def _handle_database_down(error: OperationalError) -> tuple[Response | str, int]:
    log.error("database unavailable: %s", error.orig)
    db_session().close()
    return render_error(503)


def init_errors(app: Flask) -> None:
    app.register_error_handler(CSRFError, _handle_csrf)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(OperationalError, _handle_database_down)
    # Any other exception reaches the HTTPException handler as a 500 (Flask
    # wraps it in InternalServerError after logging it); in tests it propagates.
