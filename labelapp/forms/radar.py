"""A RADAR criterion's answer as three selects, one per attribute, read as one value.

The three selects are named ``<field>-approach``, ``<field>-deployment`` and
``<field>-refinement``, so the page works without JavaScript; the field's data is the
answer's one text form, ``"approach/deployment/refinement"`` ("50/75/25"), "" when all
three are left blank and e.g. "50//25" when one is. Whether that is an answer is
decided by the engine's check (``assessment.answers.read_answer``) in the services, and
their refusal is the field's one error list, shown next to the three selects.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext
from wtforms import Field
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms.utils import unset_value

from assessment.model import RADAR_ATTRIBUTES

# EFQM's names of the attributes: fixed texts of the application, not criteria data.
ATTRIBUTE_LABELS = {
    "approach": lazy_gettext("Approach"),
    "deployment": lazy_gettext("Deployment"),
    "refinement": lazy_gettext("Assessment & Refinement"),
}


class RadarField(Field):
    """Three selects (``parts``) with the same choices; ``data`` is "a/d/r" or ""."""

    data: str | None

    def __init__(
        self,
        label: Any = None,
        validators: Any = None,
        *,
        choices: Sequence[SelectChoice],
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.parts = [
            SelectField(
                ATTRIBUTE_LABELS[attribute], choices=list(choices), validate_choice=False
            ).bind(
                form=kwargs.get("_form"),
                name=f"{self.name}-{attribute}",
                prefix="",
                translations=kwargs.get("_translations"),
            )
            for attribute in RADAR_ATTRIBUTES
        ]

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters)
        pieces = self.data.split("/") if isinstance(self.data, str) else []
        if len(pieces) != len(self.parts):
            pieces = [""] * len(self.parts)
        for part, piece in zip(self.parts, pieces, strict=True):
            part.process(formdata, piece.strip())
        if formdata is not None:
            chosen = [(part.data or "").strip() for part in self.parts]
            self.data = "/".join(chosen) if any(chosen) else ""

    def _value(self) -> str:
        return self.data or ""
