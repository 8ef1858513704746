"""Forms for registration, sign-in and passwords."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms import PasswordField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import SubmitField
from wtforms.validators import EqualTo
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput
from wtforms.widgets import ListWidget

from labelapp.services.passwords import MAX_PASSWORD_LENGTH
from labelapp.web.messages import say
from labelapp.web.settings import settings


def _check_policy(field: PasswordField, email: str = "", name: str = "") -> None:
    # The service checks again; checking here too shows every problem at once.
    problems = settings().passwords.policy.problems(field.data or "", email=email, name=name)
    if problems:
        raise ValidationError(" ".join(say(problem) for problem in problems))


class RegisterForm(FlaskForm):
    display_name = StringField(
        lazy_gettext("Your name"),
        validators=[InputRequired(lazy_gettext("Enter your name.")), Length(max=120)],
    )
    email = EmailField(
        lazy_gettext("E-mail address"),
        validators=[InputRequired(lazy_gettext("Enter your e-mail address.")), Length(max=254)],
    )
    password = PasswordField(
        lazy_gettext("Password"),
        validators=[
            InputRequired(lazy_gettext("Choose a password.")),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
    )
    confirm = PasswordField(
        lazy_gettext("Repeat the password"),
        validators=[
            InputRequired(lazy_gettext("Repeat the password.")),
            EqualTo("password", lazy_gettext("The two passwords differ.")),
        ],
    )
    submit = SubmitField(lazy_gettext("Create my account"))

    def validate_password(self, field: PasswordField) -> None:
        _check_policy(field, self.email.data or "", self.display_name.data or "")


class LoginForm(FlaskForm):
    email = EmailField(
        lazy_gettext("E-mail address"),
        validators=[InputRequired(lazy_gettext("Enter your e-mail address."))],
    )
    password = PasswordField(
        lazy_gettext("Password"), validators=[InputRequired(lazy_gettext("Enter your password."))]
    )
    submit = SubmitField(lazy_gettext("Sign in"))


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField(
        lazy_gettext("New password"),
        validators=[
            InputRequired(lazy_gettext("Choose a new password.")),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
    )
    confirm = PasswordField(
        lazy_gettext("Repeat the new password"),
        validators=[
            InputRequired(lazy_gettext("Repeat the new password.")),
            EqualTo("new_password", lazy_gettext("The two passwords differ.")),
        ],
    )
    submit = SubmitField(lazy_gettext("Set my password"))

    def validate_new_password(self, field: PasswordField) -> None:
        _check_policy(field)


class ChangePasswordForm(ResetPasswordForm):
    current_password = PasswordField(
        lazy_gettext("Current password"),
        validators=[InputRequired(lazy_gettext("Enter your current password."))],
    )
    submit = SubmitField(lazy_gettext("Change my password"))


class LogoutForm(FlaskForm):
    """Signing out changes state, so it is a POST with a CSRF token."""

    submit = SubmitField(lazy_gettext("Sign out"))


class MessagePreferencesForm(FlaskForm):
    """Which optional messages to receive: the kinds left unticked are turned off."""

    receive = SelectMultipleField(
        lazy_gettext("Messages I receive"),
        choices=[],
        validate_choice=True,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    submit = SubmitField(lazy_gettext("Save my choices"))
