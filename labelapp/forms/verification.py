"""The public verification forms: look a number up, or check a PDF."""

from __future__ import annotations

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
        "Certificate number",
        validators=[InputRequired("Enter the certificate number printed on the certificate.")],
        description="As printed on the certificate, e.g. CEL-2026-00042-K.",
        render_kw={"autocomplete": "off", "spellcheck": "false", "maxlength": 40},
    )
    submit = SubmitField("Look up the certificate")


class UploadForm(FlaskForm):
    document = FileField(
        "Certificate PDF",
        description="The PDF file you received or downloaded; it is checked, never stored.",
        render_kw={"accept": "application/pdf,.pdf"},
    )
    submit = SubmitField("Check the PDF")
