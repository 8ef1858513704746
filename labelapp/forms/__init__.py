"""WTForms forms, one module per audience; CSRF comes from Flask-WTF's FlaskForm."""

from __future__ import annotations

from flask_wtf import FlaskForm

from labelapp.services.errors import ValidationFailed
from labelapp.web.messages import say


def apply_errors(form: FlaskForm, failure: ValidationFailed) -> None:
    """Put a service's reasons next to the fields they name (others on the form).

    A form whose fields carry an item id (``value__<id>``) says so in its
    ``reason_field`` pattern, so that a reason naming item ``<id>`` lands on its field.
    """
    pattern = getattr(form, "reason_field", "{}")
    for field_name, message in failure.reasons:
        names = [pattern.format(field_name), field_name] if field_name else []
        field = next((form[name] for name in names if name in form), None)
        if field is not None:
            if isinstance(field.errors, tuple):
                field.errors = list(field.errors)
            field.errors.append(say(message))
        else:
            form.form_errors.append(say(message))
