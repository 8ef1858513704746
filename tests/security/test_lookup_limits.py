"""Lookup budgets: batches taken from the shared counter, never more than the budget."""

from __future__ import annotations

import random
import threading

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from limits import parse
from limits.storage import MemoryStorage

from labelapp.extensions import limiter
from labelapp.web.lookup_limits import Allowances
from labelapp.web.lookup_limits import batch_size


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class CountingStorage(MemoryStorage):
    def __init__(self) -> None:
        super().__init__()
        self.increments = 0

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        self.increments += 1
        return super().incr(key, expiry, amount)


IDENTITY = ("", "lookup", "192.0.2.7")


def test_batches_are_a_twentieth_of_the_budget_between_one_and_fifty():
    assert batch_size(parse("3 per minute")) == 1
    assert batch_size(parse("120 per minute")) == 6
    assert batch_size(parse("100000 per minute")) == 50


def test_a_busy_client_costs_one_storage_operation_per_batch():
    storage, allowances = CountingStorage(), Allowances(Clock())
    item = parse("1000 per minute")  # batches of 50
    for _ in range(120):
        assert allowances.take(storage, item, IDENTITY) == 0
    assert storage.increments == 3


def test_a_refused_client_costs_no_storage_operation_until_its_window_ends():
    storage, clock = CountingStorage(), Clock()
    allowances = Allowances(clock)
    item = parse("3 per minute")
    assert [allowances.take(storage, item, IDENTITY) for _ in range(3)] == [0, 0, 0]
    wait = allowances.take(storage, item, IDENTITY)
    assert 0 < wait <= 60
    before = storage.increments
    for _ in range(1000):  # a flood
        assert allowances.take(storage, item, IDENTITY) > 0
    assert storage.increments == before
    clock.now += wait + 0.01  # the remembered refusal ends: the counter is asked again
    allowances.take(storage, item, IDENTITY)
    assert storage.increments == before + 1


def test_unspent_lookups_are_dropped_a_tenth_of_a_window_later():
    storage, clock = CountingStorage(), Clock()
    allowances = Allowances(clock)
    item = parse("1000 per minute")
    allowances.take(storage, item, IDENTITY)  # takes 50, spends 1
    clock.now += 6.5  # past a tenth of the minute
    allowances.take(storage, item, IDENTITY)
    assert storage.increments == 2  # a new batch, not the 49 left over


def test_clients_have_their_own_allowances():
    storage, allowances = CountingStorage(), Allowances(Clock())
    item = parse("2 per minute")
    for client in ("192.0.2.1", "192.0.2.2"):
        identity = ("", "lookup", client)
        assert [allowances.take(storage, item, identity) == 0 for _ in range(3)] == [
            True,
            True,
            False,
        ]


class StorageReachedByAllAtOnce(MemoryStorage):
    """The first ``parties`` increments wait for each other: the threads reserve at once."""

    def __init__(self, parties: int) -> None:
        super().__init__()
        self.barrier = threading.Barrier(parties, timeout=30)
        self.waiting = parties
        self.guard = threading.Lock()

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        with self.guard:
            wait, self.waiting = self.waiting > 0, self.waiting - 1
        if wait:
            self.barrier.wait()
        return super().incr(key, expiry, amount)


def test_threads_of_one_worker_reserving_at_once_lose_no_lookups():
    threads, each = 8, 15
    storage, allowances = StorageReachedByAllAtOnce(threads), Allowances(Clock())
    item = parse(f"{threads * each} per minute")  # batches of 6
    admitted: list[int] = []

    def client() -> None:
        admitted.append(sum(allowances.take(storage, item, IDENTITY) == 0 for _ in range(each)))

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sum(admitted) == threads * each  # the whole budget, not a lookup lost
    assert allowances.take(storage, item, IDENTITY) > 0  # and not one more


def test_many_clients_at_once_keep_the_table_bounded():
    storage, allowances = MemoryStorage(), Allowances(Clock())
    item = parse("1000 per minute")
    for n in range(25_000):
        assert allowances.take(storage, item, ("", "lookup", f"198.51.{n // 256}.{n % 256}")) == 0
    assert len(allowances) <= 10_000


@settings(max_examples=60, deadline=None)
@given(
    amount=st.integers(min_value=1, max_value=400),
    workers=st.integers(min_value=1, max_value=4),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_workers_sharing_a_counter_never_grant_more_than_the_budget(amount, workers, seed):
    """Requests land on workers at random; together they grant at most the budget and
    leave at most a batch less one unspent in each worker."""
    storage, clock = MemoryStorage(), Clock()
    pools = [Allowances(clock) for _ in range(workers)]
    item = parse(f"{amount} per hour")
    chooser = random.Random(seed)
    granted = sum(
        chooser.choice(pools).take(storage, item, IDENTITY) == 0 for _ in range(amount * 2 + 20)
    )
    assert amount - workers * (batch_size(item) - 1) <= granted <= amount


@pytest.mark.parametrize("app_settings", [{"LABELAPP_LOOKUP_RATE_LIMIT": "1000 per minute"}])
def test_the_app_counts_a_busy_clients_lookups_in_batches(client, app, app_settings, monkeypatch):
    storage = limiter.limiter.storage
    increments = []
    original = storage.incr

    def spy(key, expiry, amount=1):
        increments.append(amount)
        return original(key, expiry, amount)

    monkeypatch.setattr(storage, "incr", spy)
    for _ in range(60):
        assert client.get("/api/v1/registry").status_code == 200
    assert increments == [50, 50]
