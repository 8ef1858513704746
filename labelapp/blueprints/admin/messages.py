"""The outbox for administrators: messages waiting or given up, with their last error."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from labelapp.blueprints.admin import bp
from labelapp.db import db_session
from labelapp.forms.organisation import ActionForm
from labelapp.models import OutboxMessage
from labelapp.models import Role
from labelapp.services import messages
from labelapp.services import outbox
from labelapp.web.access import actor
from labelapp.web.access import role_required
from labelapp.web.outcome import perform
from labelapp.web.settings import settings


@bp.route("/messages")
@role_required(Role.ADMIN)
def outbox_messages() -> str:
    """What has not reached its recipient: given up first, then the oldest waiting."""
    return render_template(
        "admin/messages.html",
        waiting=outbox.undelivered(db_session()),
        subject_of=messages.subject_of,
        backend=settings().mail.backend,
        host=settings().mail.host,
        form=ActionForm(),
    )


@bp.route("/messages/<int:message_id>/retry", methods=["POST"])
@role_required(Role.ADMIN)
def retry_message(message_id: int) -> Response:
    """Send a message again at the next run, after the cause was fixed."""
    message = db_session().get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    form = ActionForm()
    if form.validate_on_submit():
        done = perform(
            "message retry",
            f"message {message_id}",
            lambda: outbox.retry(db_session(), actor(), message),
        )
        if done.ok:
            flash(gettext("The message is sent again at the next run."), "success")
    return redirect(url_for("admin.outbox_messages"))
