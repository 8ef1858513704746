"""Forms of the improvement plan: declare an area on the report, report on the areas at
the next assessment, judge them in the review. The services check every value."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms import HiddenField
from wtforms import RadioField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import StringField
from wtforms import SubmitField
from wtforms import TextAreaField
from wtforms.validators import Optional

from labelapp.models import ImprovementArea
from labelapp.models.improvement import ACHIEVED
from labelapp.models.improvement import NOT_ACHIEVED
from labelapp.services.improvement_plans import Subject


class DeclareAreaForm(FlaskForm):
    subject = SelectField(lazy_gettext("Area to improve"), validate_choice=False)
    plan = TextAreaField(lazy_gettext("Plan"))
    target_on = DateField(lazy_gettext("Carried out by"), validators=[Optional()])
    submit = SubmitField(lazy_gettext("Add to the improvement plan"))

    def offer(self, proposed: list[Subject], others: list[Subject]) -> None:
        """The areas the report proposes first, then every other section and indicator."""
        rest = [SelectChoice(f"{s.kind}:{s.id}", s.title) for s in others]
        if not proposed:
            self.subject.choices = rest
            return
        self.subject.choices = {
            str(lazy_gettext("Proposed by the report")): [
                SelectChoice(f"{s.kind}:{s.id}", s.title) for s in proposed
            ],
            str(lazy_gettext("Every other section and indicator")): rest,
        }


class ReportAreasForm(FlaskForm):
    """What was achieved in each area (report_form_class adds the fields)."""

    row_version = HiddenField()
    save = SubmitField(lazy_gettext("Save what was achieved"))


def report_form_class(areas: list[ImprovementArea]) -> type[ReportAreasForm]:
    fields: dict[str, Any] = {}
    for area in areas:
        fields[f"achieved__{area.id}"] = TextAreaField(lazy_gettext("What was achieved"))
        fields[f"evidence_link__{area.id}"] = StringField(
            lazy_gettext("Evidence (web address, optional)"),
            render_kw={"type": "url", "maxlength": 2000},
        )
    return type("GeneratedReportAreasForm", (ReportAreasForm,), fields)


class JudgeAreasForm(FlaskForm):
    """The lead's verdict on each area (judge_form_class adds the fields)."""

    row_version = HiddenField()
    save = SubmitField(lazy_gettext("Save the verdicts"))


def judge_form_class(areas: list[ImprovementArea]) -> type[JudgeAreasForm]:
    fields: dict[str, Any] = {}
    for area in areas:
        fields[f"verdict__{area.id}"] = RadioField(
            lazy_gettext("Verdict"),
            choices=[
                SelectChoice("", lazy_gettext("Not judged yet")),
                SelectChoice(ACHIEVED, lazy_gettext("Achieved")),
                SelectChoice(NOT_ACHIEVED, lazy_gettext("Not achieved")),
            ],
            validate_choice=False,
            default="",
        )
        fields[f"comment__{area.id}"] = TextAreaField(lazy_gettext("Comment"))
    return type("GeneratedJudgeAreasForm", (JudgeAreasForm,), fields)
