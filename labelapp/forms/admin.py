"""Forms of the administration area."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms import HiddenField
from wtforms import RadioField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import StringField
from wtforms import SubmitField
from wtforms import TextAreaField
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import Optional

from labelapp.models import Role
from labelapp.services.organisations import country_choices
from labelapp.web.i18n import language


class CreateUserForm(FlaskForm):
    display_name = StringField(
        lazy_gettext("Name"),
        validators=[InputRequired(lazy_gettext("Enter a name.")), Length(max=120)],
    )
    email = EmailField(
        lazy_gettext("E-mail address"),
        validators=[InputRequired(lazy_gettext("Enter an e-mail address.")), Length(max=254)],
    )
    # A required select starts on an empty placeholder (HTML requires it): nobody gets a
    # role because it happened to be listed first, and choosing the placeholder fails.
    role = SelectField(
        lazy_gettext("Role"),
        choices=[
            SelectChoice("", lazy_gettext("Choose a role")),
            *(
                SelectChoice(role.value, lazy_gettext(role.label))
                for role in (Role.ASSESSOR, Role.ADMIN, Role.MANAGER)
            ),
        ],
        validators=[InputRequired(lazy_gettext("Choose a role."))],
    )
    country = SelectField(lazy_gettext("Country (of an assessor)"), validators=[Optional()])
    submit = SubmitField(lazy_gettext("Create the account"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = account_countries()


class AccountCountryForm(FlaskForm):
    """The country an assessor works from, which some levels need to differ."""

    country = SelectField(lazy_gettext("Country"), validators=[Optional()])
    submit = SubmitField(lazy_gettext("Save the country"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = account_countries()


def account_countries() -> list[SelectChoice]:
    """Country names in the reader's language, after "not recorded"."""
    return [
        SelectChoice("", lazy_gettext("Not recorded")),
        *(SelectChoice(code, name) for code, name in country_choices(language())),
    ]


class ConflictForm(FlaskForm):
    assessor = SelectField(
        lazy_gettext("Assessor"), validators=[InputRequired(lazy_gettext("Choose an assessor."))]
    )
    reason = StringField(
        lazy_gettext("Reason"),
        validators=[InputRequired(lazy_gettext("Say why.")), Length(max=500)],
    )
    submit = SubmitField(lazy_gettext("Record the conflict of interest"))


class AssignForm(FlaskForm):
    assessor = SelectField(lazy_gettext("Reserve for"), validators=[Optional()])
    submit = SubmitField(lazy_gettext("Save the assignment"))


class DiffForm(FlaskForm):
    class Meta:
        csrf = False  # a GET comparison changes nothing

    old = SelectField(lazy_gettext("From version"))
    new = SelectField(lazy_gettext("To version"))
    submit = SubmitField(lazy_gettext("Compare"))


class CertificateStatusForm(FlaskForm):
    """Suspend, reinstate or revoke: the reason is shown to the public."""

    row_version = HiddenField()
    action = RadioField(
        lazy_gettext("Change"), validators=[InputRequired(lazy_gettext("Choose what to do."))]
    )
    reason = TextAreaField(
        lazy_gettext("Public reason"),
        validators=[
            InputRequired(lazy_gettext("Write the reason; it is shown to the public.")),
            Length(max=2000),
        ],
        description=lazy_gettext(
            "Shown on the verification page and in the API, with today's date."
        ),
    )
    submit = SubmitField(lazy_gettext("Change the status"))
