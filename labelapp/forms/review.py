"""Assessor forms: the queue filters, the declaration, the review and the decisions."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms import DateField
from wtforms import HiddenField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import StringField
from wtforms import SubmitField
from wtforms import TextAreaField
from wtforms.validators import Length
from wtforms.validators import Optional

from assessment.model import ChoiceAnswer
from assessment.model import Criterion
from assessment.model import Indicator
from assessment.model import NumberAnswer
from labelapp.forms.radar import RadarField
from labelapp.services.answer_pages import MAX_VALUE_LENGTH
from labelapp.services.assessment_dates import AssessmentDates

AS_SELF_ASSESSED = ""


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    status = SelectField(
        lazy_gettext("Show"),
        choices=[
            SelectChoice("", lazy_gettext("Submitted and mine")),
            SelectChoice("submitted", lazy_gettext("Submitted, to claim")),
            SelectChoice("mine", lazy_gettext("My reviews")),
        ],
        validators=[Optional()],
    )
    country = SelectField(lazy_gettext("Country"), validators=[Optional()])
    level = SelectField(lazy_gettext("Level claimed"), validators=[Optional()])
    version = SelectField(lazy_gettext("Criteria version"), validators=[Optional()])
    submit = SubmitField(lazy_gettext("Filter"))


class DeclarationForm(FlaskForm):
    row_version = HiddenField()
    no_conflict = BooleanField(
        lazy_gettext(
            "I declare that I have no conflict of interest with this organisation: I am not a "
            "member, employee, manager, consultant or competitor of it, and have no personal or "
            "financial interest in its label."
        )
    )
    submit = SubmitField(lazy_gettext("Claim this review"))


class ConfirmationForm(FlaskForm):
    row_version = HiddenField()
    no_conflict = BooleanField(
        lazy_gettext("I declare that I have no conflict of interest with this organisation.")
    )
    note = TextAreaField(
        lazy_gettext("Why you do not confirm (only when declining)"),
        validators=[Optional(), Length(max=10_000)],
    )
    confirm = SubmitField(lazy_gettext("Confirm the approval"))
    decline = SubmitField(lazy_gettext("Do not confirm: return to the lead assessor"))


class DecisionForm(FlaskForm):
    """The review's overview: the recommendation, saved alone or with the decision
    taken by the button pressed (one transaction: the notes are never left behind)."""

    row_version = HiddenField()
    # The services check the days (not in the future, not before the organisation).
    assessed_on = DateField(lazy_gettext("First day of the assessment"), validators=[Optional()])
    assessed_until = DateField(
        lazy_gettext("Last day, for a visit over several days"), validators=[Optional()]
    )
    recommendation = TextAreaField(
        lazy_gettext("Overall recommendation and notes"),
        validators=[Optional(), Length(max=20_000)],
    )
    note = TextAreaField(
        lazy_gettext("Message to the managers"), validators=[Optional(), Length(max=10_000)]
    )
    save = SubmitField(lazy_gettext("Save review notes"))
    request_changes = SubmitField(lazy_gettext("Request changes"))
    reject = SubmitField(lazy_gettext("Reject"))
    approve = SubmitField(lazy_gettext("Approve at the validated level"))

    def unreadable_days(self) -> bool:
        """After validation: True when a posted day is not a date (its field says so)."""
        return bool(self.assessed_on.errors or self.assessed_until.errors)

    def posted_dates(self) -> AssessmentDates | None:
        """The assessment's days as posted; None when the post has no such fields (not
        from the review screen: the stored days stay)."""
        if not self.assessed_on.raw_data and not self.assessed_until.raw_data:
            return None
        return AssessmentDates(self.assessed_on.data, self.assessed_until.data)


class ReviewForm(FlaskForm):
    """The items of one section or indicator area (review_form_class adds them)."""

    reason_field = "validated__{}"  # a service's reason about item <id> belongs to its value
    row_version = HiddenField()
    save = SubmitField(lazy_gettext("Save review notes"))


def _validated_field(item: Criterion | Indicator) -> Any:
    # Text only: the review service checks a validated value as the manager's answers are.
    keep = SelectChoice(AS_SELF_ASSESSED, lazy_gettext("As self-assessed"))
    if isinstance(item, Criterion):
        steps = [SelectChoice(str(s.value), f"{s.value} % — {s.label}") for s in item.scale]
        if item.radar:
            # All three "as self-assessed" keep the criterion's answer; a mix is refused.
            return RadarField(lazy_gettext("Validated value"), choices=[keep, *steps])
        return SelectField(
            lazy_gettext("Validated value"), choices=[keep, *steps], validate_choice=False
        )
    spec = item.answer
    if isinstance(spec, NumberAnswer):
        return StringField(
            lazy_gettext("Validated value (empty: as self-assessed)"),
            render_kw={"maxlength": MAX_VALUE_LENGTH},
        )
    if isinstance(spec, ChoiceAnswer):
        options = [SelectChoice(o.id, o.label) for o in spec.options]
        return SelectField(
            lazy_gettext("Validated answer"), choices=[keep, *options], validate_choice=False
        )
    yes_no = [SelectChoice("true", lazy_gettext("Yes")), SelectChoice("false", lazy_gettext("No"))]
    return SelectField(
        lazy_gettext("Validated answer"), choices=[keep, *yes_no], validate_choice=False
    )


def review_form_class(items: list[Criterion | Indicator]) -> type[ReviewForm]:
    fields: dict[str, Any] = {}
    for item in items:
        fields[f"validated__{item.id}"] = _validated_field(item)
        fields[f"strengths__{item.id}"] = TextAreaField(
            lazy_gettext("Strengths"), validators=[Optional(), Length(max=10_000)]
        )
        fields[f"improvements__{item.id}"] = TextAreaField(
            lazy_gettext("Areas for improvement"), validators=[Optional(), Length(max=10_000)]
        )
    return type("GeneratedReviewForm", (ReviewForm,), fields)
