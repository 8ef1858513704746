"""Browser tests: the real app served on 127.0.0.1, driven by Debian's Chromium."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from labelapp import create_app
from labelapp.db import db_session
from labelapp.db import get_database
from labelapp.migrate import upgrade_database
from labelapp.services.criteria import publish_bundled
from tests.fixtures.app import settings_for_tests

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
        settings_for_tests(instance, DATABASE_URL=f"sqlite:///{instance / 'e2e.sqlite3'}")
    )
    upgrade_database(get_database(app).engine)
    with app.app_context():
        publish_bundled(db_session())
        db_session().commit()
    _LIVE["app"] = app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # Certificates print this address in their QR code: make it the live server's.
    app.config["LABELAPP_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
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


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def new_page(browser: Browser, live_server: str) -> Iterator[Callable[[], Page]]:
    """A factory of pages in separate browser contexts: one signed-in person each."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = browser.new_context(base_url=live_server)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
