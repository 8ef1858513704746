"""The public lookups' budgets, spent through the ``limits`` library's public API.

Lookups by page, API and registry (its CSV too) share one budget per client,
``LABELAPP_LOOKUP_RATE_LIMIT``; badges, embedded on other sites' pages, have
their own, ``LABELAPP_BADGE_RATE_LIMIT``. These routes are exempt from
Flask-Limiter (its public ``exempt``) and spend here instead, on Flask-Limiter's
own strategy and storage (``limiter.limiter``: memory, or Redis across workers)
and under the same keys (prefix, client address, scope), so the counters are the
ones a ``shared_limit`` would keep. Why: Flask-Limiter resolves a route's limits
twice per request (its before-request hook, then its decorator), about a third of
the cost of a 304 in the profile (decision 13). A refusal is a 429 whose
``Retry-After`` says when the client's window ends.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import lru_cache
from functools import wraps
from typing import ParamSpec
from typing import TypeVar

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import RateLimitItem
from limits import parse
from werkzeug.exceptions import TooManyRequests

from labelapp.extensions import limiter

P = ParamSpec("P")
R = TypeVar("R")

LOOKUP = ("lookup", "LABELAPP_LOOKUP_RATE_LIMIT")
BADGE = ("badge", "LABELAPP_BADGE_RATE_LIMIT")


@lru_cache(maxsize=16)
def _limit(text: str) -> RateLimitItem:
    return parse(text)


def spend(budget: tuple[str, str]) -> None:
    """Count one request against the client's budget.

    Raises:
        TooManyRequests: the budget of this window is spent (with ``Retry-After``).
    """
    config = current_app.config
    if not config.get("RATELIMIT_ENABLED", True):
        return
    scope, setting = budget
    item = _limit(str(config[setting]))
    prefix = config.get("RATELIMIT_KEY_PREFIX") or ""
    keys = [prefix, get_remote_address(), scope] if prefix else [get_remote_address(), scope]
    strategy = limiter.limiter
    if not strategy.hit(item, *keys):
        reset_at, _remaining = strategy.get_window_stats(item, *keys)
        raise TooManyRequests(retry_after=max(1, math.ceil(reset_at - time.time())))


def counted(budget: tuple[str, str]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A view that spends one lookup of ``budget`` per request (and Flask-Limiter skips)."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def spending(*args: P.args, **kwargs: P.kwargs) -> R:
            spend(budget)
            return view(*args, **kwargs)

        return limiter.exempt(spending)

    return decorate
