"""Engines: pooled PostgreSQL connections that went stale while idle are replaced before
use, and a savepoint on SQLite stays inside the request's transaction."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy import event
from sqlalchemy import text
from sqlalchemy.orm import Session

from labelapp.db import make_engine
from tests.fixtures.database import create_postgres_database
from tests.fixtures.database import drop_postgres_database


@pytest.fixture
def pg_engine(postgres_admin) -> Iterator[tuple[Engine, Engine]]:
    if postgres_admin is None:
        pytest.skip("PostgreSQL is not reachable (set TEST_DATABASE_URL); CI requires it")
    url = create_postgres_database(postgres_admin)
    engine = make_engine(url, pool_size=1, max_overflow=0)
    yield engine, postgres_admin
    engine.dispose()
    drop_postgres_database(postgres_admin, url)


def _pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_killed_while_idle_is_replaced_before_use(pg_engine):
    engine, admin = pg_engine
    killed = _pid(engine)
    # The server drops the pooled connection (a restart, an idle timeout) ...
    with admin.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": killed})
    (record,) = list(engine.pool._pool.queue)  # the one pooled connection
    record.info["checked_in_at"] -= 3600  # ... while it sat idle for an hour.
    assert _pid(engine) != killed


def test_a_connection_in_steady_use_is_not_pinged(pg_engine):
    engine, _ = pg_engine
    _pid(engine)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    _pid(engine)
    assert statements == ["SELECT pg_backend_pid()"]


def test_a_pinged_connection_comes_back_without_an_open_transaction(pg_engine):
    engine, _ = pg_engine
    _pid(engine)
    (record,) = list(engine.pool._pool.queue)
    record.info["checked_in_at"] -= 3600
    # Changing the isolation level fails inside a transaction the ping left open.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        assert connection.execute(text("SELECT 1")).scalar_one() == 1


@pytest.mark.parametrize("then", ["rollback", "commit"])
def test_a_first_write_in_a_savepoint_on_sqlite_ends_with_its_transaction(tmp_path, then):
    # pysqlite would let the savepoint start a transaction of its own and commit it at
    # RELEASE: a failure later in the request could not undo the write.
    engine = make_engine(f"sqlite:///{tmp_path / 'labelapp.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE item (x INTEGER)")
    with Session(engine) as session:
        with session.begin_nested():
            session.execute(text("INSERT INTO item VALUES (1)"))
        session.execute(text("INSERT INTO item VALUES (2)"))
        getattr(session, then)()
    with engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT count(*) FROM item").scalar_one()
    engine.dispose()
    assert stored == (2 if then == "commit" else 0)
