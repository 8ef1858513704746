"""Self-assessment forms, generated from the pinned criteria version (never per criterion).

Field names carry the item id: ``value__<id>``, ``justification__<id>``,
``file__<id>`` and ``url__<id>``.
"""

from __future__ import annotations

from decimal import Decimal
from decimal import InvalidOperation
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Field
from wtforms import HiddenField
from wtforms import RadioField
from wtforms import SelectChoice
from wtforms import StringField
from wtforms import SubmitField
from wtforms import TextAreaField
from wtforms import URLField
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.validators import ValidationError

from assessment.model import ChoiceAnswer
from assessment.model import Criterion
from assessment.model import Evidence as EvidenceRule
from assessment.model import Indicator
from assessment.model import NumberAnswer


class ChoiceField(RadioField):
    """Radio buttons whose refusal of an unknown value says what to do."""

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data is not None and self.data not in {str(c.value) for c in self.iter_choices()}:
            raise ValidationError("Choose one of the listed answers.")


class AnswerForm(FlaskForm):
    reason_field = "value__{}"  # a service's reason about item <id> belongs to its value
    row_version = HiddenField()
    save = SubmitField("Save draft")
    save_next = SubmitField("Save and go to the next page")


def number_text(spec: NumberAnswer) -> Any:
    """A validator that accepts '1,5' or '1.5' and checks range and wholeness."""

    def check(form: FlaskForm, field: Field) -> None:
        raw = (field.data or "").strip().replace(" ", "").replace(",", ".")
        if not raw:
            field.data = ""
            return
        try:
            number = Decimal(raw)
        except InvalidOperation:
            raise ValidationError("Enter a number, e.g. 12 or 2.5.") from None
        if not number.is_finite() or not spec.minimum <= number <= spec.maximum:
            raise ValidationError(f"Enter a number from {spec.minimum} to {spec.maximum}.")
        if spec.integer and number != number.to_integral_value():
            raise ValidationError("Enter a whole number.")
        field.data = format(number.normalize(), "f")

    return check


def _value_field(item: Criterion | Indicator) -> Field:
    if isinstance(item, Criterion):
        return ChoiceField(
            "Maturity",
            choices=[SelectChoice(str(s.value), f"{s.value} % — {s.label}") for s in item.scale],
            validators=[Optional()],
        )
    spec = item.answer
    if isinstance(spec, NumberAnswer):
        unit = f" ({spec.unit})" if spec.unit else ""
        return StringField(f"Value{unit}", validators=[Optional(), number_text(spec)])
    if isinstance(spec, ChoiceAnswer):
        return ChoiceField(
            "Answer",
            choices=[SelectChoice(o.id, o.label) for o in spec.options],
            validators=[Optional()],
        )
    return ChoiceField(
        "Answer",
        choices=[SelectChoice("true", "Yes"), SelectChoice("false", "No")],
        validators=[Optional()],
    )


def answer_form_class(items: list[Criterion | Indicator]) -> type[AnswerForm]:
    """A form class with the fields of these criteria or indicators."""
    fields: dict[str, Any] = {}
    for item in items:
        fields[f"value__{item.id}"] = _value_field(item)
        fields[f"justification__{item.id}"] = TextAreaField(
            "Justification" if isinstance(item, Criterion) else "Source and comment",
            validators=[Optional(), Length(max=10_000)],
        )
        if item.evidence is not EvidenceRule.NONE:
            fields[f"file__{item.id}"] = FileField("Upload a document")
            fields[f"url__{item.id}"] = URLField(
                "Or give a link", validators=[Optional(), Length(max=2000)]
            )
    return type("GeneratedAnswerForm", (AnswerForm,), fields)
