"""Invitations to co-manage: a manager invites an address, the invited person answers."""

from __future__ import annotations

from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from labelapp.blueprints.manager import bp
from labelapp.db import db_session
from labelapp.forms.organisation import AnswerInvitationForm
from labelapp.forms.organisation import InviteManagerForm
from labelapp.models import Role
from labelapp.services import invitations as service
from labelapp.services.accounts import normalise_email
from labelapp.web.access import actor
from labelapp.web.access import login_required
from labelapp.web.access import organisation_for_manager
from labelapp.web.access import role_required
from labelapp.web.messages import say
from labelapp.web.outcome import perform


@bp.route("/organisations/<slug>/managers", methods=["POST"])
@role_required(Role.MANAGER)
def invite_manager(slug: str) -> Response:
    """Invite a co-manager: the answer is the same whoever uses the address."""
    found = organisation_for_manager(slug)
    form = InviteManagerForm()
    invited = None
    if form.validate_on_submit():
        done = perform(
            "invitation",
            f"organisation {found.id}",
            lambda: service.invite_manager(db_session(), actor(), found, form.email.data or ""),
            form=form,
        )
        if done.ok:  # the link went by e-mail (the outbox); it is never shown here
            invited = normalise_email(form.email.data or "")
    response = make_response(
        render_template(
            "manager/invite_manager.html",
            organisation=found,
            form=form,
            invited=invited,
            days=service.INVITATION_DAYS,
        )
    )
    response.headers["Cache-Control"] = "no-store"  # it names the address invited
    return response


def _answer(
    form: AnswerInvitationForm, *, token: str | None = None, invitation_id: int | None = None
) -> Response | None:
    """Accept or decline as the pressed button says and commit; None if it is not open."""
    answer = service.accept_invitation if form.accept.data else service.decline_invitation
    done = perform(
        "invitation answer",
        f"invitation {invitation_id or 'by link'}",
        lambda: answer(db_session(), actor(), token=token, invitation_id=invitation_id),
        form=form,  # answered or expired a moment ago: the page says it cannot be used
    )
    if not done.ok:
        return None
    organisation = done.value
    if form.accept.data:
        flash(gettext("You now co-manage %(name)s.", name=organisation.name), "success")
        return redirect(url_for("manager.organisation", slug=organisation.slug))
    flash(
        gettext("You declined the invitation to co-manage %(name)s.", name=organisation.name),
        "info",
    )
    return redirect(url_for("manager.organisations"))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def invitation(token: str) -> str | Response | tuple[str, int]:
    """The one-time link: its holder accepts or declines, with a cluster manager account."""
    found = service.find_invitation(db_session(), token)
    if found is not None and current_user.role is not Role.MANAGER:
        refusal = say(service.MANAGERS_ONLY)
        return render_template("manager/invitation.html", invitation=found, refusal=refusal), 403
    form = AnswerInvitationForm()
    if found is not None and form.validate_on_submit():
        if (answered := _answer(form, token=token)) is not None:
            return answered
        found = None  # answered or expired a moment ago
    status = 200 if found is not None else 404
    return render_template("manager/invitation.html", invitation=found, form=form), status


@bp.route("/invitations/<int:invitation_id>/answer", methods=["POST"])
@role_required(Role.MANAGER)
def answer_invitation(invitation_id: int) -> Response | tuple[str, int]:
    """Accept or decline an invitation addressed to the signed-in manager.

    :raise 404: not open, or not addressed to them (no hint which).
    """
    form = AnswerInvitationForm()
    if not form.validate_on_submit():
        return redirect(url_for("manager.organisations"))
    if (answered := _answer(form, invitation_id=invitation_id)) is not None:
        return answered
    return render_template("manager/invitation.html", invitation=None), 404
