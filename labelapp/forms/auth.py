"""Forms for registration, sign-in and passwords."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms import PasswordField
from wtforms import StringField
from wtforms import SubmitField
from wtforms.validators import EqualTo
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import ValidationError

from labelapp.services.passwords import MAX_PASSWORD_LENGTH
from labelapp.web.settings import settings


def _check_policy(field: PasswordField, email: str = "", name: str = "") -> None:
    # The service checks again; checking here too shows every problem at once.
    problems = settings().passwords.policy.problems(field.data or "", email=email, name=name)
    if problems:
        raise ValidationError(" ".join(problems))


class RegisterForm(FlaskForm):
    display_name = StringField(
        "Your name", validators=[InputRequired("Enter your name."), Length(max=120)]
    )
    email = EmailField(
        "E-mail address",
        validators=[InputRequired("Enter your e-mail address."), Length(max=254)],
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired("Choose a password."), Length(max=MAX_PASSWORD_LENGTH)],
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[
            InputRequired("Repeat the password."),
            EqualTo("password", "The two passwords differ."),
        ],
    )
    submit = SubmitField("Create my account")

    def validate_password(self, field: PasswordField) -> None:
        _check_policy(field, self.email.data or "", self.display_name.data or "")


class LoginForm(FlaskForm):
    email = EmailField("E-mail address", validators=[InputRequired("Enter your e-mail address.")])
    password = PasswordField("Password", validators=[InputRequired("Enter your password.")])
    submit = SubmitField("Sign in")


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField(
        "New password",
        validators=[InputRequired("Choose a new password."), Length(max=MAX_PASSWORD_LENGTH)],
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[
            InputRequired("Repeat the new password."),
            EqualTo("new_password", "The two passwords differ."),
        ],
    )
    submit = SubmitField("Set my password")

    def validate_new_password(self, field: PasswordField) -> None:
        _check_policy(field)


class ChangePasswordForm(ResetPasswordForm):
    current_password = PasswordField(
        "Current password", validators=[InputRequired("Enter your current password.")]
    )
    submit = SubmitField("Change my password")


class LogoutForm(FlaskForm):
    """Signing out changes state, so it is a POST with a CSRF token."""

    submit = SubmitField("Sign out")
