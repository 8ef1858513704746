"""Browser tests: the real app served on 127.0.0.1, driven by Debian's Chromium."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page
from playwright.sync_api import Route
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from labelapp import create_app
from labelapp.db import db_session
from labelapp.db import get_database
from labelapp.migrate import upgrade_database
from labelapp.settings import init_settings
from tests.e2e.checks import NuChecker
from tests.e2e.checks import accessibility_violations
from tests.e2e.checks import page_problems
from tests.e2e.checks import received_documents
from tests.e2e.checks import record_documents
from tests.fixtures.app import settings_for_tests
from tests.labelapp.services.factories import publish_criteria

CHROMIUM = os.environ.get("LABELAPP_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def live_app(live_server: str) -> Flask:
    """The app behind live_server, for setting up data through the services."""
    return _LIVE["app"]


_LIVE: dict[str, Flask] = {}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free port, on a migrated SQLite file of its own."""
    instance: Path = tmp_path_factory.mktemp("e2e-instance")
    app = create_app(
        settings_for_tests(
            instance,
            DATABASE_URL=f"sqlite:///{instance / 'e2e.sqlite3'}",
            # Every browser comes from 127.0.0.1: the journeys together sign in and
            # register more often than one visitor may (tests/security checks the limits).
            LABELAPP_LOGIN_RATE_LIMIT="100 per minute",
            LABELAPP_REGISTER_RATE_LIMIT="100 per hour",
            # As `make run` leaves it: links follow the address the browser used.
            LABELAPP_BASE_URL="",
        )
    )
    upgrade_database(get_database(app).engine)
    with app.app_context():
        publish_criteria(db_session())
        db_session().commit()
    _LIVE["app"] = app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # Certificates issued outside a request (test set-up) use the address served, as
    # `labelapp serve --bind` tells its workers.
    app.config["LABELAPP_BIND"] = f"127.0.0.1:{server.server_port}"
    init_settings(app)  # the settings are built from the config once
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    get_database(app).engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make test`, which installs it")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


def _serving(html: bytes) -> Callable[[Route], None]:
    def fulfil(route: Route) -> None:
        route.fulfill(status=200, body=html, content_type="text/html; charset=utf-8")

    return fulfil


def _check_every_page(
    contexts: list[BrowserContext], pages: list[Page], checker: NuChecker
) -> None:
    """Every HTML document a test's browsers received is checked when the test ends: the
    Nu checker's errors and axe-core's blocking violations fail it, so no page a journey
    visits can regress unseen. axe runs on each document served back at its own address
    in a fresh tab of its browser (its styles load), not while the test drives the page."""
    problems: list[str] = []
    seen: set[bytes] = set()
    # The Nu checker (its own JVM) reads each document while the browser runs axe on the
    # one before: the two checks overlap instead of queueing.
    with ThreadPoolExecutor(max_workers=2) as markup:
        checked: list[Future[list[str]]] = []
        for context, tab in zip(contexts, pages, strict=True):
            documents = [(u, h) for u, h in received_documents(tab) if h not in seen]
            if not documents:
                continue
            replay = context.new_page()
            for url, html in documents:
                seen.add(html)
                checked.append(markup.submit(checker.errors, html, url))
                replay.route(lambda address, wanted=url: address == wanted, _serving(html))
                replay.goto(url)
                problems += accessibility_violations(replay)
                replay.unroute_all()
            replay.close()
        for result in checked:
            problems += result.result()
    if problems:
        pytest.fail(f"{len(problems)} problem(s):\n" + "\n".join(problems))


@pytest.fixture
def page(browser: Browser, live_server: str, nu_checker: NuChecker) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server)
    context.set_default_timeout(15_000)
    tab = record_documents(context.new_page())
    yield tab
    _check_every_page([context], [tab], nu_checker)
    context.close()


@pytest.fixture
def new_page(
    browser: Browser, live_server: str, nu_checker: NuChecker
) -> Iterator[Callable[..., Page]]:
    """A factory of pages in separate browser contexts: one signed-in person each.

    Keyword arguments go to the new context, e.g. ``storage_state`` to reuse a sign-in.
    """
    contexts: list[BrowserContext] = []
    tabs: list[Page] = []

    def make(**options: Any) -> Page:
        context = browser.new_context(base_url=live_server, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        tabs.append(record_documents(context.new_page()))
        return tabs[-1]

    yield make
    _check_every_page(contexts, tabs, nu_checker)
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where the browser tests keep screenshots of the key pages, to look at after a run:
    build/e2e-screenshots (LABELAPP_E2E_SCREENSHOTS to change it); never committed."""
    folder = Path(
        os.environ.get("LABELAPP_E2E_SCREENSHOTS")
        or Path(__file__).resolve().parents[2] / "build" / "e2e-screenshots"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def nu_checker() -> Iterator[NuChecker]:
    """The Nu HTML checker: its JVM starts once, for the first test that checks a page."""
    try:
        checker = NuChecker().start()
    except RuntimeError as failure:
        pytest.fail(str(failure))
    yield checker
    checker.stop()


@pytest.fixture
def check_page(nu_checker: NuChecker) -> Callable[[Page], None]:
    """check_page(page): the Nu checker's errors on the HTML the page received and
    axe-core's serious or critical violations in it fail the test, all listed at once."""

    def check(page: Page) -> None:
        problems = page_problems(page, nu_checker)
        if problems:
            pytest.fail(f"{len(problems)} problem(s) on {page.url}:\n" + "\n".join(problems))

    return check
