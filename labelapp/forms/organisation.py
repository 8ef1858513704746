"""Forms for organisation profiles, invitations to co-manage and simple actions."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from typing import Any

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import DecimalField
from wtforms import EmailField
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import SelectMultipleField
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
from wtforms.widgets import CheckboxInput
from wtforms.widgets import ListWidget
from wtforms.widgets import TextInput

from labelapp.ecosystems import ECOSYSTEMS
from labelapp.ecosystems import secondary_list
from labelapp.languages import LANGUAGES
from labelapp.models import Organisation
from labelapp.services.organisations import country_choices
from labelapp.web.i18n import language


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
            raise ValueError(lazy_gettext("Enter a number, e.g. 2.5.")) from None

    def pre_validate(self, form: FlaskForm) -> None:
        if self.process_errors:
            raise StopValidation()  # one message is enough: the range check would repeat it


class _PlainErrors(FlaskForm):
    """Messages as plain text once validated: a lazy text is markup to Jinja (``__html__``),
    so it would reach the page unescaped, unlike every other message."""

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid = bool(super().validate(extra_validators))
        for field in self:
            field.errors = [str(error) for error in field.errors]
        self.form_errors[:] = [str(error) for error in self.form_errors]
        return valid


def _count(label: str) -> IntegerField:
    return IntegerField(
        label,
        default=0,
        validators=[
            InputRequired(lazy_gettext("Enter a whole number (0 if none).")),
            NumberRange(0, 1_000_000, lazy_gettext("Enter a whole number from 0 to 1,000,000.")),
        ],
    )


class OrganisationForm(_PlainErrors):
    name = StringField(
        lazy_gettext("Name of the cluster organisation"),
        validators=[InputRequired(lazy_gettext("Enter the organisation's name.")), Length(max=200)],
    )
    country = SelectField(
        lazy_gettext("Country"), validators=[InputRequired(lazy_gettext("Choose a country."))]
    )
    region = StringField(lazy_gettext("Region"), validators=[Optional(), Length(max=120)])
    website = URLField(
        lazy_gettext("Website"),
        validators=[
            Optional(),
            URL(message=lazy_gettext("Enter the full address, e.g. https://cluster.example")),
            Length(max=300),
        ],
    )
    sectors = StringField(
        lazy_gettext("Sectors (separated by commas)"), validators=[Optional(), Length(max=500)]
    )
    year_founded = IntegerField(
        lazy_gettext("Year founded"),
        validators=[
            Optional(),
            NumberRange(
                1800, date.today().year, lazy_gettext("Enter a year from 1800 to this year.")
            ),
        ],
    )
    member_firms = _count(lazy_gettext("Member firms"))
    member_smes = _count(lazy_gettext("of which SMEs"))
    member_research = _count(lazy_gettext("Research and education members"))
    staff_fte = CommaDecimalField(
        lazy_gettext("Cluster management staff (full-time equivalents)"),
        places=2,
        default=0,
        validators=[
            InputRequired(lazy_gettext("Enter the staff in full-time equivalents, e.g. 2.5.")),
            NumberRange(0, 10_000, lazy_gettext("Enter a number from 0 to 10,000.")),
        ],
    )
    description = TextAreaField(
        lazy_gettext("Short description"), validators=[Optional(), Length(max=4000)]
    )
    ecosystem = SelectField(
        lazy_gettext("Main industrial ecosystem"),
        validators=[InputRequired(lazy_gettext("Choose the main industrial ecosystem."))],
        description=lazy_gettext(
            "One of the EU's 14 industrial ecosystems: the benchmarking compares the "
            "organisation with others of the same ecosystem."
        ),
    )
    secondary_ecosystems = SelectMultipleField(
        lazy_gettext("Other industrial ecosystems"),
        description=lazy_gettext("Up to two more, if the cluster serves them too."),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    certificate_language = SelectField(
        lazy_gettext("Language of the certificate"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
        description=lazy_gettext(
            "The certificate is issued in this language; an English copy can always be "
            "downloaded as well."
        ),
    )
    submit = SubmitField(lazy_gettext("Save the organisation"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Country names in the reader's language, sorted as they read them.
        self.country.choices = [
            SelectChoice("", lazy_gettext("Choose a country")),
            *(SelectChoice(code, name) for code, name in country_choices(language())),
        ]
        names = [SelectChoice(code, lazy_gettext(name)) for code, name in ECOSYSTEMS.items()]
        self.ecosystem.choices = [SelectChoice("", lazy_gettext("Choose an ecosystem")), *names]
        self.secondary_ecosystems.choices = names
        stored = kwargs.get("obj")
        if isinstance(stored, Organisation) and not self.is_submitted():  # comma-separated
            self.secondary_ecosystems.data = secondary_list(stored.secondary_ecosystems)
        if self.certificate_language.data is None:  # a new organisation: the reader's
            self.certificate_language.data = language()


class InviteManagerForm(_PlainErrors):
    email = EmailField(
        lazy_gettext("E-mail address of the co-manager"),
        validators=[InputRequired(lazy_gettext("Enter an e-mail address.")), Length(max=254)],
    )
    submit = SubmitField(lazy_gettext("Invite co-manager"))


class ActionForm(FlaskForm):
    """A button that changes state: CSRF plus the row version the page was built on."""

    row_version = HiddenField()
    submit = SubmitField()


class AnswerInvitationForm(_PlainErrors):
    """Accept or decline an invitation to co-manage: exactly one of the two buttons."""

    accept = SubmitField(lazy_gettext("Accept the invitation"))
    decline = SubmitField(lazy_gettext("Decline the invitation"))

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        if not super().validate(extra_validators):
            return False
        if bool(self.accept.data) == bool(self.decline.data):
            self.form_errors.append(
                str(lazy_gettext("Choose to accept or to decline the invitation."))
            )
            return False
        return True
