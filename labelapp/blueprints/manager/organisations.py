"""Organisation profiles, their managers and the assessment history."""

from __future__ import annotations

from decimal import Decimal

from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from labelapp.blueprints.manager import bp
from labelapp.db import db_session
from labelapp.forms.organisation import ActionForm
from labelapp.forms.organisation import AnswerInvitationForm
from labelapp.forms.organisation import InviteManagerForm
from labelapp.forms.organisation import OrganisationForm
from labelapp.models import AssessmentStatus
from labelapp.models import Role
from labelapp.services import assessments as assessment_service
from labelapp.services import certificates
from labelapp.services import invitations
from labelapp.services import organisations as service
from labelapp.services import renewals
from labelapp.web.access import actor
from labelapp.web.access import organisation_for_manager
from labelapp.web.access import role_required
from labelapp.web.i18n import language
from labelapp.web.outcome import perform


def _profile(form: OrganisationForm) -> service.Profile:
    return service.Profile(
        name=(form.name.data or "").strip(),
        country=form.country.data or "",
        region=(form.region.data or "").strip(),
        website=(form.website.data or "").strip(),
        sectors=(form.sectors.data or "").strip(),
        year_founded=form.year_founded.data,
        member_firms=form.member_firms.data or 0,
        member_smes=form.member_smes.data or 0,
        member_research=form.member_research.data or 0,
        staff_fte=Decimal(form.staff_fte.data or 0),
        description=(form.description.data or "").strip(),
        certificate_language=form.certificate_language.data or "",
        ecosystem=form.ecosystem.data or None,
        secondary_ecosystems=",".join(form.secondary_ecosystems.data or []),
    )


@bp.route("/organisations")
@role_required(Role.MANAGER)
def organisations() -> str:
    """The organisations the manager runs, and the invitations waiting for their answer."""
    return render_template(
        "manager/organisations.html",
        organisations=service.organisations_of(db_session(), current_user),
        invitations=invitations.list_open_invitations(db_session(), current_user),
        answer_form=AnswerInvitationForm(),
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def create_organisation() -> str | Response:
    """Register a cluster organisation."""
    form = OrganisationForm()
    if form.validate_on_submit():
        done = perform(
            "registration",
            "a new organisation",
            lambda: service.create_organisation(db_session(), actor(), _profile(form)),
            form=form,
        )
        if done.ok:
            flash(
                gettext("The organisation is registered. You can now start its self-assessment."),
                "success",
            )
            return redirect(url_for("manager.organisation", slug=done.value.slug))
    return render_template("manager/organisation_form.html", form=form, organisation=None)


@bp.route("/organisations/<slug>/edit", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def edit_organisation(slug: str) -> str | Response:
    """Edit the organisation's profile."""
    organisation = organisation_for_manager(slug)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        done = perform(
            "profile",
            f"organisation {organisation.id}",
            lambda: service.update_organisation(
                db_session(), actor(), organisation, _profile(form)
            ),
            form=form,
        )
        if done.ok:
            flash(gettext("The profile is saved."), "success")
            return redirect(url_for("manager.organisation", slug=organisation.slug))
    return render_template("manager/organisation_form.html", form=form, organisation=organisation)


@bp.route("/organisations/<slug>")
@role_required(Role.MANAGER)
def organisation(slug: str) -> str:
    """Profile, managers, the open assessment and the history of assessments."""
    found = organisation_for_manager(slug)
    certificate = certificates.current_for(db_session(), found.id)
    renew_from = certificates.renewal_advised_from(certificate) if certificate else None
    history = [
        (item, assessment_service.result_of(db_session(), item))
        for item in assessment_service.history(db_session(), found)
    ]
    return render_template(
        "manager/organisation.html",
        organisation=found,
        history=history,
        # The report compares validated results: it exists from the first approval on.
        benchmarked=any(item.status is AssessmentStatus.APPROVED for item, _result in history),
        open_assessment=assessment_service.open_assessment(db_session(), found),
        certificate=certificate,
        certificate_status=certificate.public_status(certificates.today()) if certificate else None,
        renew_from=renew_from,
        renewal_due=renew_from is not None and certificates.today() >= renew_from,
        renewal=renewals.renewal_of(db_session(), found),
        manager_form=InviteManagerForm(),
        start_form=ActionForm(),
        country=service.country_name(found.country, language()),
    )


@bp.route("/organisations/<slug>/reminders", methods=["POST"])
@role_required(Role.MANAGER)
def organisation_reminders(slug: str) -> Response:
    """Turn the organisation's expiry reminders on or off."""
    found = organisation_for_manager(slug)
    form = ActionForm()
    if form.validate_on_submit():
        on = request.form.get("on") == "1"
        done = perform(
            "reminder setting",
            f"organisation {found.id}",
            lambda: service.set_reminders(db_session(), actor(), found, on),
        )
        if done.ok:
            flash(
                gettext("Expiry reminders are on.") if on else gettext("Expiry reminders are off."),
                "success",
            )
    return redirect(url_for("manager.organisation", slug=found.slug) + "#reminders")
