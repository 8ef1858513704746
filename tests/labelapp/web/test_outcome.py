"""One commit path: perform() commits once on success, and rolls back and explains otherwise."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator

import pytest
from flask import Flask
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import StringField

from labelapp.db import db_session
from labelapp.forms import apply_errors
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import accounts
from labelapp.services.errors import NotAllowed
from labelapp.services.errors import StaleState
from labelapp.services.errors import ValidationFailed
from labelapp.web.outcome import perform
from labelapp.web.settings import settings
from tests.fixtures.users import PASSWORD

EMAIL = "new.manager@example.org"


class EmailForm(FlaskForm):
    class Meta:
        csrf = False

    email = StringField("E-mail")


class ItemForm(FlaskForm):
    reason_field = "value__{}"

    class Meta:
        csrf = False

    value__vision = StringField("Vision")


@pytest.fixture
def request_ctx(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A POST request's context; yields the calls of its session's commit and rollback."""
    calls: list[str] = []
    with app.test_request_context("/somewhere", method="POST"):
        session = db_session()
        for name in ("commit", "rollback"):
            method = getattr(session, name)
            monkeypatch.setattr(session, name, _recorded(calls, name, method))
        yield calls


def _recorded(calls: list[str], name: str, method: Callable[[], None]) -> Callable[[], None]:
    def call() -> None:
        calls.append(name)
        method()

    return call


def _create_then(failure: Exception | None) -> Callable[[], User]:
    """An action that creates an account (flushed, not committed), then fails if told to."""

    def action() -> User:
        user = accounts.create_user(
            db_session(),
            email=EMAIL,
            display_name="New",
            role=Role.MANAGER,
            password=PASSWORD,
            passwords=settings().passwords,
        )
        if failure is not None:
            raise failure
        return user

    return action


def _stored(app: Flask) -> bool:
    with app.app_context():
        return accounts.find_user_by_email(db_session(), EMAIL) is not None


def test_success_commits_once_and_returns_what_the_service_made(app, request_ctx, caplog):
    with caplog.at_level("WARNING", logger="labelapp.refusals"):
        done = perform("registration", "a new account", _create_then(None))
    assert done.ok and done.value.email == EMAIL
    assert (done.invalid, done.refused) == (None, None)
    assert request_ctx == ["commit"]
    assert get_flashed_messages() == [] and caplog.text == ""
    assert _stored(app)


def test_validation_failed_goes_next_to_the_fields_and_commits_nothing(app, request_ctx, caplog):
    form = EmailForm()
    failure = ValidationFailed([("email", "Enter a valid address."), (None, "Try again.")])
    with caplog.at_level("WARNING", logger="labelapp.refusals"):
        done = perform("registration", "a new account", _create_then(failure), form=form)
    assert not done.ok and done.invalid is failure and done.refused is None
    assert form.email.errors == ["Enter a valid address."]
    assert form.form_errors == ["Try again."]
    assert request_ctx == ["rollback"]
    assert get_flashed_messages() == []  # typing mistakes are not refusals: no log line
    assert caplog.text == ""
    assert not _stored(app)
    with pytest.raises(LookupError):
        _ = done.value


def test_without_a_form_the_reasons_are_flashed_and_logged(app, request_ctx, caplog):
    failure = ValidationFailed([(None, "Already open."), ("assessor", "Choose one.")])
    with caplog.at_level("WARNING", logger="labelapp.refusals"):
        done = perform("start", "organisation 7", _create_then(failure), prefix="No: ")
    assert done.invalid is failure
    assert get_flashed_messages(with_categories=True) == [
        ("error", "No: Already open."),
        ("error", "No: Choose one."),
    ]
    assert "refused start on organisation 7" in caplog.text
    assert request_ctx == ["rollback"] and not _stored(app)


def test_a_page_that_lists_the_reasons_itself_flashes_one_message(app, request_ctx):
    failure = ValidationFailed([("a", "A is missing."), ("b", "B is missing.")])
    perform("transition", "assessment 3", _create_then(failure), invalid="Not submitted.")
    assert get_flashed_messages(with_categories=True) == [("error", "Not submitted.")]


@pytest.mark.parametrize("refusal", [NotAllowed("Not yours."), StaleState("Changed meanwhile.")])
def test_a_refusal_is_flashed_logged_and_commits_nothing(app, request_ctx, caplog, refusal):
    form = EmailForm()
    with caplog.at_level("WARNING", logger="labelapp.refusals"):
        done = perform("claim", "assessment 12", _create_then(refusal), form=form)
    assert not done.ok and done.refused is refusal and done.invalid is None
    assert get_flashed_messages(with_categories=True) == [("error", str(refusal))]
    assert f"refused claim on assessment 12 for anonymous from None: {refusal}" in caplog.text
    assert not form.email.errors  # a refusal is not about a field
    assert request_ctx == ["rollback"]
    assert not _stored(app)


def test_other_errors_propagate_uncommitted(app, request_ctx):
    with pytest.raises(RuntimeError):
        perform("registration", "a new account", _create_then(RuntimeError("bug")))
    assert request_ctx == []  # the request's teardown closes the session: a rollback


def test_a_form_names_where_a_reason_about_an_item_goes(app, request_ctx):
    form = ItemForm()
    apply_errors(form, ValidationFailed([("vision", "Too high."), ("mission", "Unknown item.")]))
    assert form.value__vision.errors == ["Too high."]
    assert form.form_errors == ["Unknown item."]
