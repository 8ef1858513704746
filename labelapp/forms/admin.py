"""Forms of the administration area."""

from __future__ import annotations

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


class CreateUserForm(FlaskForm):
    display_name = StringField("Name", validators=[InputRequired("Enter a name."), Length(max=120)])
    email = EmailField(
        "E-mail address", validators=[InputRequired("Enter an e-mail address."), Length(max=254)]
    )
    # A required select starts on an empty placeholder (HTML requires it): nobody gets a
    # role because it happened to be listed first, and choosing the placeholder fails.
    role = SelectField(
        "Role",
        choices=[
            SelectChoice("", "Choose a role"),
            *(
                SelectChoice(role.value, role.label)
                for role in (Role.ASSESSOR, Role.ADMIN, Role.MANAGER)
            ),
        ],
        validators=[InputRequired("Choose a role.")],
    )
    submit = SubmitField("Create the account")


class ConflictForm(FlaskForm):
    assessor = SelectField("Assessor", validators=[InputRequired("Choose an assessor.")])
    reason = StringField("Reason", validators=[InputRequired("Say why."), Length(max=500)])
    submit = SubmitField("Record the conflict of interest")


class AssignForm(FlaskForm):
    assessor = SelectField("Reserve for", validators=[Optional()])
    submit = SubmitField("Save the assignment")


class DiffForm(FlaskForm):
    class Meta:
        csrf = False  # a GET comparison changes nothing

    old = SelectField("From version")
    new = SelectField("To version")
    submit = SubmitField("Compare")


class CertificateStatusForm(FlaskForm):
    """Suspend, reinstate or revoke: the reason is shown to the public."""

    row_version = HiddenField()
    action = RadioField("Change", validators=[InputRequired("Choose what to do.")])
    reason = TextAreaField(
        "Public reason",
        validators=[
            InputRequired("Write the reason; it is shown to the public."),
            Length(max=2000),
        ],
        description="Shown on the verification page and in the API, with today's date.",
    )
    submit = SubmitField("Change the status")
