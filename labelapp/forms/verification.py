"""The public verification forms: look a number up, or check a PDF."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField
from wtforms import SubmitField
from wtforms.validators import InputRequired


class LookupForm(FlaskForm):
    """A GET form: a lookup changes nothing, so it needs no CSRF token."""

    class Meta:
        csrf = False

    number = StringField(
        lazy_gettext("Certificate number"),
        validators=[
            InputRequired(lazy_gettext("Enter the certificate number printed on the certificate."))
        ],
        description=lazy_gettext("As printed on the certificate, e.g. CEL-2026-00042-K."),
        render_kw={"autocomplete": "off", "spellcheck": "false", "maxlength": 40},
    )
    submit = SubmitField(lazy_gettext("Look up the certificate"))


class UploadForm(FlaskForm):
    document = FileField(
        lazy_gettext("Certificate PDF"),
        description=lazy_gettext(
            "The PDF file you received or downloaded; it is checked, never stored."
        ),
        render_kw={"accept": "application/pdf,.pdf"},
    )
    submit = SubmitField(lazy_gettext("Check the PDF"))
