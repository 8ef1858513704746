"""Rate limits on the public lookups (pages, API, registry, badge).

These are the busiest routes and the cheapest to serve, so they skip
Flask-Limiter's per-request machinery (limit resolution, parsing, headers) and
count hits with ``limits``, the library Flask-Limiter is built on, in the same
storage (memory, or Redis across workers and machines), as fixed windows. The
limits are parsed once per app. Refusals are a 429 with Retry-After.

Two things keep the counting off the request's path (decision 0014):

- a worker takes a busy client's lookups from the shared counter in batches (a
  twentieth of the budget, at most 50) and spends them locally, so a client
  asking often costs one storage operation per batch instead of one per lookup;
- a refused client is remembered until its window ends, so a flood costs no
  storage operation at all.

No client ever gets more than its budget in a window from the shared counter:
a batch is counted there before it is spent, and only the part of it within
the budget is granted. The price: up to a batch less one per worker may sit
unspent when a client is refused, and a batch is spent at most a tenth of a
window after it was taken, so at a window's edge a client may get up to a
batch per worker more than a strict fixed window allows.
"""

from __future__ import annotations

import functools
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from typing import TypeVar

from flask import Flask
from flask import current_app
from flask import request
from limits import RateLimitItem
from limits import parse_many
from limits.storage import Storage
from werkzeug.exceptions import TooManyRequests

from labelapp.extensions import limiter

F = TypeVar("F", bound=Callable[..., Any])
BUDGETS = {
    "lookup": "LABELAPP_LOOKUP_RATE_LIMIT",
    "badge": "LABELAPP_BADGE_RATE_LIMIT",
}
BATCH_SHARE = 20  # a batch is at most this fraction of a budget...
MAX_BATCH = 50  # ...and never more than this many lookups
MAX_CLIENTS = 10_000  # clients remembered per worker


def batch_size(item: RateLimitItem) -> int:
    return max(1, min(MAX_BATCH, item.amount // BATCH_SHARE))


@dataclass
class _Allowance:
    tokens: int = 0  # lookups taken from the shared counter, not yet spent
    spend_until: float = 0.0  # monotonic; after it, unspent tokens are dropped
    refused_until: float = 0.0  # monotonic; the end of the window that refused

    def spend(self, now: float) -> bool:
        if self.tokens > 0 and self.spend_until > now:
            self.tokens -= 1
            return True
        return False


class Allowances:
    """One worker's share of each client's budgets."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._entries: dict[tuple[Any, ...], _Allowance] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def __len__(self) -> int:
        """How many clients and budgets this worker remembers."""
        return len(self._entries)

    def take(self, storage: Storage, item: RateLimitItem, identity: tuple[str, ...]) -> float:
        """Spend one lookup of ``item`` for ``identity``: 0, or the seconds until it may retry."""
        key = (item, *identity)
        now = self._clock()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                if entry.spend(now):
                    return 0.0
                if entry.refused_until > now:
                    return entry.refused_until - now
        # Outside the lock: a round trip to Redis must not hold up other clients.
        granted, retry = _reserve(storage, item, identity)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                if len(self._entries) >= MAX_CLIENTS:
                    self._make_room(now)
                entry = self._entries[key] = _Allowance()
            if granted:
                # Threads of one worker may reserve at once: add, never overwrite,
                # or lookups counted in the shared store would be lost here.
                if entry.spend_until <= now:
                    entry.tokens = 0
                entry.tokens += granted - 1
                entry.spend_until = now + item.get_expiry() / 10
                entry.refused_until = 0.0
                return 0.0
            if entry.spend(now):  # another thread's batch arrived meanwhile
                return 0.0
            entry.refused_until = now + retry
        return retry

    def _make_room(self, now: float) -> None:
        """Forget expired entries; if most are live (many clients at once), the older half."""
        self._entries = {
            key: entry
            for key, entry in self._entries.items()
            if entry.refused_until > now or (entry.tokens and entry.spend_until > now)
        }
        if len(self._entries) > MAX_CLIENTS // 2:
            # Insertion order: the oldest first. Forgetting an entry costs its client at
            # most a round trip and its unspent lookups, never a lookup beyond its budget.
            kept = list(self._entries.items())[-(MAX_CLIENTS // 2) :]
            self._entries = dict(kept)


def _reserve(storage: Storage, item: RateLimitItem, identity: tuple[str, ...]) -> tuple[int, float]:
    """Count a batch in the shared storage: how many of it are granted, else the wait."""
    key = item.key_for(*identity)
    batch = batch_size(item)
    count = storage.incr(key, item.get_expiry(), amount=batch)
    granted = min(batch, max(0, item.amount - (count - batch)))
    if granted:
        return granted, 0.0
    return 0, max(1.0, storage.get_expiry(key) - time.time())


def init_lookup_limits(app: Flask, endpoints: set[str]) -> None:
    """Parse the budgets once; ``endpoints`` count their own hits (Flask-Limiter skips them)."""
    app.extensions["labelapp.lookup_limits"] = {
        budget: parse_many(str(app.config[key])) for budget, key in BUDGETS.items()
    }
    app.extensions["labelapp.lookup_allowances"] = Allowances()
    limiter.self_limited.update(endpoints)


def _client() -> str:
    return request.remote_addr or "unknown"


def count(budget: str) -> None:
    """Count this request against ``budget``; over it, raise a 429 with Retry-After."""
    config = current_app.config
    if not config.get("RATELIMIT_ENABLED", True):
        return
    # The deployment's key prefix first, as Flask-Limiter does: several deployments
    # may share one Redis.
    identity = (str(config.get("RATELIMIT_KEY_PREFIX", "")), budget, _client())
    extensions = current_app.extensions
    allowances: Allowances = extensions["labelapp.lookup_allowances"]
    storage = limiter.limiter.storage
    for item in extensions["labelapp.lookup_limits"][budget]:
        retry = allowances.take(storage, item, identity)
        if retry:
            raise TooManyRequests(retry_after=max(1, math.ceil(retry)))


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
