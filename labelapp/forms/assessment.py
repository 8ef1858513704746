"""Self-assessment forms, generated from the pinned criteria version (never per criterion).

Field names carry the item id: ``value__<id>``, ``justification__<id>``,
``file__<id>`` and ``url__<id>``. The fields carry text only: whether an answer,
a document or a link is accepted is decided once, by ``services.answer_pages``
with the engine's own checks, and its refusals are put next to these fields.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext
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

from assessment.model import ChoiceAnswer
from assessment.model import Criterion
from assessment.model import Evidence as EvidenceRule
from assessment.model import Indicator
from assessment.model import NumberAnswer
from labelapp.forms.radar import RadarField
from labelapp.services.answer_pages import MAX_JUSTIFICATION_LENGTH
from labelapp.services.answer_pages import MAX_VALUE_LENGTH
from labelapp.services.evidence import MAX_LINK_LENGTH


class AnswerForm(FlaskForm):
    reason_field = "value__{}"  # a service's reason about item <id> belongs to its value
    row_version = HiddenField()
    save = SubmitField(lazy_gettext("Save draft"))
    save_next = SubmitField(lazy_gettext("Save and go to the next page"))


def _value_field(item: Criterion | Indicator) -> Field:
    if isinstance(item, Criterion):
        steps = [SelectChoice(str(s.value), f"{s.value} % — {s.label}") for s in item.scale]
        if item.radar:
            blank = SelectChoice("", lazy_gettext("Not answered yet"))
            return RadarField(lazy_gettext("Maturity"), choices=[blank, *steps])
        return RadioField(lazy_gettext("Maturity"), choices=steps, validate_choice=False)
    spec = item.answer
    if isinstance(spec, NumberAnswer):
        label = lazy_gettext("Value (%(unit)s)", unit=spec.unit) if spec.unit else None
        return StringField(
            label or lazy_gettext("Value"), render_kw={"maxlength": MAX_VALUE_LENGTH}
        )
    if isinstance(spec, ChoiceAnswer):
        options = [SelectChoice(o.id, o.label) for o in spec.options]
        return RadioField(lazy_gettext("Answer"), choices=options, validate_choice=False)
    yes_no = [SelectChoice("true", lazy_gettext("Yes")), SelectChoice("false", lazy_gettext("No"))]
    return RadioField(lazy_gettext("Answer"), choices=yes_no, validate_choice=False)


def answer_form_class(items: list[Criterion | Indicator]) -> type[AnswerForm]:
    """A form class with the fields of these criteria or indicators."""
    fields: dict[str, Any] = {}
    for item in items:
        fields[f"value__{item.id}"] = _value_field(item)
        fields[f"justification__{item.id}"] = TextAreaField(
            lazy_gettext("Justification")
            if isinstance(item, Criterion)
            else lazy_gettext("Source and comment"),
            render_kw={"maxlength": MAX_JUSTIFICATION_LENGTH},
        )
        if item.evidence is not EvidenceRule.NONE:
            fields[f"file__{item.id}"] = FileField(lazy_gettext("Upload a document"))
            fields[f"url__{item.id}"] = URLField(
                lazy_gettext("Or give a link"), render_kw={"maxlength": MAX_LINK_LENGTH}
            )
    return type("GeneratedAnswerForm", (AnswerForm,), fields)


class AnswerFileForm(FlaskForm):
    """A workbook or JSON file of answers prepared offline (checked by content)."""

    file = FileField(
        lazy_gettext("Workbook or JSON file with your answers"),
        description=lazy_gettext(
            "The .xlsx workbook or .json file downloaded above, filled in (at most 2 MB). "
            "Each row is checked as the answer pages check it; a blank answer keeps the "
            "one saved here."
        ),
        render_kw={
            "accept": ".xlsx,.json,application/json,"
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        },
    )
    submit = SubmitField(lazy_gettext("Upload the answers"))
