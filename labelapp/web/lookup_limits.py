"""Rate limits on the public lookups (pages, API, registry, badge).

These are the busiest routes and the cheapest to serve, so they skip
Flask-Limiter's per-request machinery (limit resolution, parsing, headers) and
count hits directly with ``limits``, the library Flask-Limiter is built on, in
the same storage (memory, or Redis across instances). The limits are parsed once
per app. Refusals are a 429 with Retry-After (decision 0013).
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from typing import Any
from typing import TypeVar

from flask import Flask
from flask import current_app
from flask import request
from limits import RateLimitItem
from limits import parse_many
from werkzeug.exceptions import TooManyRequests

from labelapp.extensions import limiter

F = TypeVar("F", bound=Callable[..., Any])
BUDGETS = {
    "lookup": "LABELAPP_LOOKUP_RATE_LIMIT",
    "badge": "LABELAPP_BADGE_RATE_LIMIT",
}


def init_lookup_limits(app: Flask, endpoints: set[str]) -> None:
    """Parse the budgets once; ``endpoints`` count their own hits (Flask-Limiter skips them)."""
    app.extensions["labelapp.lookup_limits"] = {
        budget: parse_many(str(app.config[key])) for budget, key in BUDGETS.items()
    }
    limiter.self_limited.update(endpoints)


def _client() -> str:
    return request.remote_addr or "unknown"


def _refuse(item: RateLimitItem, *identity: str) -> TooManyRequests:
    reset = limiter.limiter.get_window_stats(item, *identity).reset_time
    return TooManyRequests(retry_after=max(1, math.ceil(reset - time.time())))


def count(budget: str) -> None:
    """Count this request against ``budget``; over it, raise a 429 with Retry-After."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    # The deployment's key prefix first, as Flask-Limiter does: several deployments
    # may share one Redis.
    identity = (str(current_app.config.get("RATELIMIT_KEY_PREFIX", "")), budget, _client())
    items: list[RateLimitItem] = current_app.extensions["labelapp.lookup_limits"][budget]
    for item in items:
        if not limiter.limiter.hit(item, *identity):
            raise _refuse(item, *identity)


def count_lookup() -> None:
    count("lookup")


def limited(budget: str) -> Callable[[F], F]:
    """Count the request against ``budget`` for the client; over it, a 429."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            count(budget)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
