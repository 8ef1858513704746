"""WTForms forms, one module per audience; CSRF comes from Flask-WTF's FlaskForm."""

from __future__ import annotations

from flask_wtf import FlaskForm

from labelapp.services.errors import ValidationFailed


def apply_errors(form: FlaskForm, failure: ValidationFailed) -> None:
    """Put a service's reasons next to the fields they name (others on the form)."""
    for field_name, message in failure.reasons:
        field = getattr(form, field_name, None) if field_name else None
        if field is not None and hasattr(field, "errors"):
            if isinstance(field.errors, tuple):
                field.errors = list(field.errors)
            field.errors.append(message)
        else:
            form.form_errors.append(message)
