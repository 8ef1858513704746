"""Forms for organisation profiles, invitations to co-manage and simple actions."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import DecimalField
from wtforms import EmailField
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import SelectField
from wtforms import StringField
from wtforms import SubmitField
from wtforms import TextAreaField
from wtforms import URLField
from wtforms.validators import URL
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

from labelapp.services.organisations import country_choices


class CommaDecimalField(DecimalField):
    """A decimal that also accepts a comma as the decimal mark (2,5), as most of Europe writes."""

    # A text box: a number box refuses "2,5" before the server ever sees it.
    widget = TextInput()

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist:
            valuelist = [valuelist[0].strip().replace(" ", "").replace(",", ".")]
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a number, e.g. 2.5.") from None

    def pre_validate(self, form: FlaskForm) -> None:
        if self.process_errors:
            raise StopValidation()  # one message is enough: the range check would repeat it


def _count(label: str) -> IntegerField:
    return IntegerField(
        label,
        default=0,
        validators=[
            InputRequired("Enter a whole number (0 if none)."),
            NumberRange(0, 1_000_000, "Enter a whole number from 0 to 1,000,000."),
        ],
    )


class OrganisationForm(FlaskForm):
    name = StringField(
        "Name of the cluster organisation",
        validators=[InputRequired("Enter the organisation's name."), Length(max=200)],
    )
    country = SelectField("Country", validators=[InputRequired("Choose a country.")])
    region = StringField("Region", validators=[Optional(), Length(max=120)])
    website = URLField(
        "Website",
        validators=[
            Optional(),
            URL(message="Enter the full address, e.g. https://cluster.example"),
            Length(max=300),
        ],
    )
    sectors = StringField("Sectors (separated by commas)", validators=[Optional(), Length(max=500)])
    year_founded = IntegerField(
        "Year founded",
        validators=[
            Optional(),
            NumberRange(1800, date.today().year, "Enter a year from 1800 to this year."),
        ],
    )
    member_firms = _count("Member firms")
    member_smes = _count("of which SMEs")
    member_research = _count("Research and education members")
    staff_fte = CommaDecimalField(
        "Cluster management staff (full-time equivalents)",
        places=2,
        default=0,
        validators=[
            InputRequired("Enter the staff in full-time equivalents, e.g. 2.5."),
            NumberRange(0, 10_000, "Enter a number from 0 to 10,000."),
        ],
    )
    description = TextAreaField("Short description", validators=[Optional(), Length(max=4000)])
    submit = SubmitField("Save the organisation")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = [("", "Choose a country"), *country_choices()]


class InviteManagerForm(FlaskForm):
    email = EmailField(
        "E-mail address of the co-manager",
        validators=[InputRequired("Enter an e-mail address."), Length(max=254)],
    )
    submit = SubmitField("Invite co-manager")


class ActionForm(FlaskForm):
    """A button that changes state: CSRF plus the row version the page was built on."""

    row_version = HiddenField()
    submit = SubmitField()


class AnswerInvitationForm(FlaskForm):
    """Accept or decline an invitation to co-manage: exactly one of the two buttons."""

    accept = SubmitField("Accept the invitation")
    decline = SubmitField("Decline the invitation")

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        if not super().validate(extra_validators):
            return False
        if bool(self.accept.data) == bool(self.decline.data):
            self.form_errors.append("Choose to accept or to decline the invitation.")
            return False
        return True
