"""With several processes the rate-limit counters live in Redis: the limit holds across apps."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from collections.abc import Iterator

import pytest
import redis
from flask import Flask

from labelapp import create_app
from labelapp.db import Base
from labelapp.db import get_database
from tests.fixtures.app import settings_for_tests
from tests.fixtures.app import submit

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_prefix() -> str:
    """A key prefix of this test run's own; Redis is required in CI, optional elsewhere.

    One per run, not per test: Flask-Limiter keeps the first key prefix it is given for
    the life of its extension object (one per process, as in production).
    """
    if not _reachable():
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("Redis is required in CI but unreachable at 127.0.0.1:6379")
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    return f"test-{uuid.uuid4().hex}"


@pytest.fixture
def redis_keys(redis_prefix) -> Iterator[Callable[[str], list[bytes]]]:
    """The Redis keys under the run's prefix matching a pattern; all are deleted after each
    test, so no test sees another's counters."""
    store = redis.Redis.from_url(REDIS)

    def keys(pattern: str = "*") -> list[bytes]:
        return store.keys(f"*{redis_prefix}*{pattern}")

    try:
        yield keys
    finally:
        left = keys()
        if left:
            store.delete(*left)
        store.close()


@pytest.fixture
def two_apps(tmp_path, redis_prefix) -> Iterator[Callable[..., tuple[Flask, Flask]]]:
    """Two app instances (two workers or machines) counting in one Redis, with ``limits``."""
    made: list[Flask] = []

    def make(**limits: str) -> tuple[Flask, Flask]:
        settings = settings_for_tests(
            tmp_path,
            DATABASE_URL="sqlite://",
            LABELAPP_RATELIMIT_STORAGE_URL=REDIS,
            RATELIMIT_KEY_PREFIX=redis_prefix,
            **limits,
        )
        for _ in range(2):
            made.append(create_app(settings))
            Base.metadata.create_all(get_database(made[-1]).engine)
        return made[-2], made[-1]

    try:
        yield make
    finally:
        for app in made:
            get_database(app).engine.dispose()


def test_two_app_instances_share_one_login_limit(two_apps, redis_keys):
    first, second = two_apps(LABELAPP_LOGIN_RATE_LIMIT="3 per minute")
    attempt = {"email": "a@example.org", "password": "x"}
    for app in (first, second, first):
        assert submit(app.test_client(), "/login", attempt).status_code == 200
    # Each app alone has seen fewer than 3 attempts; together they reached the limit.
    assert submit(second.test_client(), "/login", attempt).status_code == 429
    # The counters are in Redis, where every worker and machine sees them.
    assert redis_keys()


def test_two_app_instances_share_one_lookup_budget(two_apps, redis_keys):
    first, second = two_apps(LABELAPP_LOOKUP_RATE_LIMIT="3 per minute")
    for app in (first, second, first):
        assert app.test_client().get("/registry").status_code == 200
    refused = second.test_client().get("/api/v1/registry")
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert redis_keys("lookup*")  # under this deployment's prefix


def test_app_instances_together_never_exceed_the_budget(two_apps, redis_keys):
    clients = [app.test_client() for app in two_apps(LABELAPP_LOOKUP_RATE_LIMIT="98 per minute")]
    order = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1] * 20
    answers = [clients[which].get("/api/v1/registry").status_code for which in order]
    assert answers.count(200) == 98 and set(answers[98:]) == {429}


def test_the_budget_is_per_client_across_app_instances(two_apps, redis_keys):
    first, second = two_apps(LABELAPP_LOOKUP_RATE_LIMIT="2 per minute")
    one, other = {"REMOTE_ADDR": "192.0.2.1"}, {"REMOTE_ADDR": "192.0.2.2"}
    assert first.test_client().get("/registry", environ_base=one).status_code == 200
    assert second.test_client().get("/registry", environ_base=one).status_code == 200
    assert first.test_client().get("/registry", environ_base=one).status_code == 429
    assert second.test_client().get("/registry", environ_base=other).status_code == 200
