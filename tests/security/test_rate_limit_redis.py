"""With several processes the rate-limit counters live in Redis: the limit holds across apps."""

from __future__ import annotations

import os
import socket
import uuid

import pytest
import redis

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


@pytest.fixture
def redis_prefix() -> str:
    """A key prefix of this test's own; Redis is required in CI, optional elsewhere."""
    if not _reachable():
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("Redis is required in CI but unreachable at 127.0.0.1:6379")
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    return f"test-{uuid.uuid4().hex}"


def test_two_app_instances_share_one_login_limit(tmp_path, redis_prefix):
    prefix = redis_prefix  # this run's own counters
    settings = settings_for_tests(
        tmp_path,
        DATABASE_URL="sqlite://",
        LABELAPP_RATELIMIT_STORAGE_URL=REDIS,
        LABELAPP_LOGIN_RATE_LIMIT="3 per minute",
        RATELIMIT_KEY_PREFIX=prefix,
    )
    first, second = create_app(settings), create_app(settings)
    for app in (first, second):
        Base.metadata.create_all(get_database(app).engine)
    attempt = {"email": "a@example.org", "password": "x"}
    try:
        for app in (first, second, first):
            assert submit(app.test_client(), "/login", attempt).status_code == 200
        # Each app alone has seen fewer than 3 attempts; together they reached the limit.
        assert submit(second.test_client(), "/login", attempt).status_code == 429
        # The counters are in Redis, where every worker and machine sees them.
        store = redis.Redis.from_url(REDIS)
        keys = store.keys(f"*{prefix}*")
        assert keys
        store.delete(*keys)
        store.close()
    finally:
        for app in (first, second):
            get_database(app).engine.dispose()


def test_two_app_instances_share_one_lookup_budget(tmp_path, redis_prefix):
    prefix = redis_prefix
    settings = settings_for_tests(
        tmp_path,
        DATABASE_URL="sqlite://",
        LABELAPP_RATELIMIT_STORAGE_URL=REDIS,
        LABELAPP_LOOKUP_RATE_LIMIT="3 per minute",
        RATELIMIT_KEY_PREFIX=prefix,
    )
    first, second = create_app(settings), create_app(settings)
    for app in (first, second):
        Base.metadata.create_all(get_database(app).engine)
    try:
        for app in (first, second, first):
            assert app.test_client().get("/registry").status_code == 200
        refused = second.test_client().get("/api/v1/registry")
        assert refused.status_code == 429 and refused.headers["Retry-After"]
        store = redis.Redis.from_url(REDIS)
        keys = store.keys(f"*{prefix}*lookup*")  # under this deployment's prefix
        assert keys
        store.delete(*store.keys(f"*{prefix}*"))
        store.close()
    finally:
        for app in (first, second):
            get_database(app).engine.dispose()


def test_app_instances_taking_lookups_in_batches_never_exceed_the_budget(tmp_path, redis_prefix):
    settings = settings_for_tests(
        tmp_path,
        DATABASE_URL="sqlite://",
        LABELAPP_RATELIMIT_STORAGE_URL=REDIS,
        LABELAPP_LOOKUP_RATE_LIMIT="98 per minute",  # batches of 4: the last one is cut
        RATELIMIT_KEY_PREFIX=redis_prefix,
    )
    apps = [create_app(settings), create_app(settings)]
    for app in apps:
        Base.metadata.create_all(get_database(app).engine)
    clients = [app.test_client() for app in apps]
    try:
        order = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1] * 20
        answers = [clients[which].get("/api/v1/registry").status_code for which in order]
        assert set(answers) == {200, 429}
        assert 98 - 2 * 3 <= answers.count(200) <= 98
    finally:
        store = redis.Redis.from_url(REDIS)
        keys = store.keys(f"*{redis_prefix}*")
        if keys:
            store.delete(*keys)
        store.close()
        for app in apps:
            get_database(app).engine.dispose()
