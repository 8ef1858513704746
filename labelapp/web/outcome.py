"""One commit path for views: run a user's action, then commit once or say why not.

A view parses its form, hands the service call to ``perform`` and renders or
redirects by the outcome. Services only flush; here the request's work is
committed once, or rolled back whole:

- ``ValidationFailed``: the reasons go next to the form's fields (``apply_errors``),
  or, on a button with no form to show them, are flashed and logged as a refusal;
- ``NotAllowed`` / ``StaleState``: the message is flashed and logged as a refusal;
- anything else propagates; the session's teardown rolls it back.

Side effects that need the commit (``login_user``, a flash saying it is done)
stay in the view, after ``perform`` returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic
from typing import TypeVar
from typing import cast

from flask import flash
from flask_wtf import FlaskForm

from labelapp.db import db_session
from labelapp.forms import apply_errors
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import StaleState
from labelapp.services.errors import ValidationFailed
from labelapp.web.messages import say
from labelapp.web.refusals import log_refusal

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What became of one action: done with the service's result, invalid, or refused."""

    _value: T | None = None
    invalid: ValidationFailed | None = None
    refused: NotAllowed | StaleState | None = None

    @property
    def ok(self) -> bool:
        """True when the action was committed."""
        return self.invalid is None and self.refused is None

    @property
    def value(self) -> T:
        """What the service returned (e.g. the certificate it issued).

        Raises:
            LookupError: the action failed, so there is no result.
        """
        if not self.ok:
            raise LookupError("the action was not done; it has no result")
        return cast(T, self._value)


def perform(
    what: str,
    on: str,
    action: Callable[[], T],
    *,
    form: FlaskForm | None = None,
    prefix: str = "",
    invalid: str | None = None,
) -> Outcome[T]:
    """Run ``action``; commit once when it succeeds, else roll back and tell the user why.

    ``what`` and ``on`` name the action and its object in the refusal log line
    ("claim", "assessment 12"). ``prefix`` goes before every flashed message
    ("Nothing was decided: "); ``invalid`` is flashed in place of a form-less
    ``ValidationFailed``'s reasons when the page lists them itself.
    """
    session = db_session()
    try:
        value = action()
    except ValidationFailed as failure:
        session.rollback()
        if form is not None:
            apply_errors(form, failure)
        else:  # a button, not fields: the press was refused
            log_refusal(what, on, failure)
            for message in [invalid] if invalid else [say(m) for _f, m in failure.reasons]:
                flash(prefix + message, "error")
        return Outcome(invalid=failure)
    except (NotAllowed, StaleState) as refused:
        session.rollback()
        log_refusal(what, on, refused)
        flash(prefix + say(refused.message), "error")
        return Outcome(refused=refused)
    session.commit()
    return Outcome(value)
