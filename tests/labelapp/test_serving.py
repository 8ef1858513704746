"""``labelapp serve`` as ``make run`` uses it: idle and slow clients never stall it, the
sign-in limit is the configured one, and links carry the address actually served."""

from __future__ import annotations

import http.cookiejar
import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import pytest

from labelapp import create_app
from labelapp.db import db_session
from labelapp.db import get_database
from tests.fixtures.app import settings_for_tests
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import manager_account


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    url: str
    port: int
    env: dict[str, str]
    log: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``labelapp init`` then ``labelapp serve`` on a free port, with the embedded defaults
    (SQLite file, in-memory rate limits, the default number of workers, no base URL)."""
    instance: Path = tmp_path_factory.mktemp("served")
    settings = settings_for_tests(instance, DATABASE_URL=f"sqlite:///{instance / 'app.sqlite3'}")
    for default in ("LABELAPP_BASE_URL", "LABELAPP_RATELIMIT_STORAGE_URL"):
        settings.pop(default)
    env = {key: str(value) for key, value in settings.items()}
    subprocess.run(
        [sys.executable, "-m", "labelapp.cli", "init"], env=env, check=True, capture_output=True
    )
    port = _free_port()
    command = [sys.executable, "-m", "labelapp.cli", "serve", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    result = Served(f"http://127.0.0.1:{port}", port, env)
    reader = threading.Thread(target=result.log.extend, args=(server.stdout,), daemon=True)
    try:
        assert server.stdout is not None
        for line in server.stdout:  # the socket is bound before this line
            result.log.append(line)
            if "Booting worker" in line:
                break
        # Keep reading the log so the server never blocks on a full pipe.
        reader.start()
        with urllib.request.urlopen(f"{result.url}/", timeout=60) as first:
            assert first.status == 200, "".join(result.log)
        yield result
    finally:
        server.terminate()
        server.wait(timeout=30)
        if reader.is_alive():
            reader.join(timeout=30)  # the log ends with the server
        server.stdout.close()


def test_idle_and_half_sent_connections_do_not_stall_other_visitors(served):
    held: list[socket.socket] = []
    try:
        for number in range(250):
            connection = socket.create_connection(("127.0.0.1", served.port), timeout=10)
            held.append(connection)
            if number >= 200:  # 50 clients that start a request and never finish it
                connection.sendall(b"GET /registry HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        started = time.perf_counter()
        with urllib.request.urlopen(f"{served.url}/", timeout=30) as page:
            assert page.status == 200
            page.read()
        elapsed = time.perf_counter() - started
    finally:
        for connection in held:
            connection.close()
    assert elapsed < 1.0, f"a visitor waited {elapsed:.2f} s behind 250 idle connections"


def _sign_in_attempt(opener: urllib.request.OpenerDirector, url: str) -> int:
    page = opener.open(f"{url}/login", timeout=30).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form = {"csrf_token": token, "email": "nobody@example.org", "password": "wrong password!"}
    try:
        return opener.open(
            f"{url}/login", data=urllib.parse.urlencode(form).encode(), timeout=30
        ).status
    except urllib.error.HTTPError as refused:
        refused.close()
        return refused.code


def test_the_sign_in_limit_is_the_configured_one_for_a_client(served):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    answers = [_sign_in_attempt(opener, served.url) for _ in range(11)]
    assert answers == [200] * 10 + [429]  # LABELAPP_LOGIN_RATE_LIMIT: 10 per minute


def test_links_carry_the_address_actually_served(served, tmp_path):
    app = create_app({**served.env, "LABELAPP_INSTANCE_PATH": str(tmp_path)})
    try:
        with app.app_context():
            owner = manager_account(db_session(), "served-owner@example.org")
            number = issued(db_session(), owner, name="Served Cluster").number
            db_session().commit()
    finally:
        get_database(app).engine.dispose()
    with urllib.request.urlopen(f"{served.url}/api/v1/certificates/{number}", timeout=30) as api:
        found = json.load(api)
    assert found["verification_url"] == f"{served.url}/verify/{number}"
    assert found["pdf_url"] == f"{served.url}/certificates/{number}.pdf"
    with urllib.request.urlopen(f"{served.url}/registry.csv", timeout=30) as export:
        assert f"{served.url}/verify/{number}" in export.read().decode("utf-8-sig")


def test_a_long_api_address_gets_json_from_the_app_not_the_servers_page(served):
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{served.url}/api/v1/registry?q={'x' * 6000}", timeout=30)
    assert refused.value.code == 414
    assert refused.value.headers["Content-Type"] == "application/json"
    with refused.value:
        assert json.load(refused.value)["error"]["status"] == 414
