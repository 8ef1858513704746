"""Database access: the declarative base, one engine per app, one session per request.

Services only flush; the view (or CLI command) that called them commits once,
so a failed step rolls back whole.
"""

from __future__ import annotations

import time
from datetime import UTC
from datetime import datetime
from enum import StrEnum
from typing import Any
from typing import ClassVar

from flask import Flask
from flask import current_app
from flask import g
from sqlalchemy import DateTime
from sqlalchemy import Engine
from sqlalchemy import Enum
from sqlalchemy import MetaData
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker
from sqlalchemy.types import TypeDecorator

# Stable constraint names make Alembic migrations identical on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every backend (SQLite stores it naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def str_enum(enum: type[StrEnum], name: str, length: int = 16) -> Enum:
    """A string enum stored as its values in a VARCHAR with a CHECK constraint.

    Not a native database enum: adding a value then needs no ALTER TYPE on PostgreSQL.
    """
    return Enum(
        enum,
        native_enum=False,
        create_constraint=True,
        length=length,
        name=name,
        values_callable=lambda items: [item.value for item in items],
    )


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime}


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if engine.url.database not in (None, "", ":memory:"):
            # Several gunicorn workers share the file: WAL lets readers go on
            # while one writer commits.
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "savepoint")
    def _begin_before_savepoint(connection: Any, _name: str) -> None:
        # pysqlite opens a transaction only before an INSERT, UPDATE or DELETE. A
        # SAVEPOINT sent outside one starts a transaction of its own, and its RELEASE
        # commits: a service's savepoint (e.g. around a unique insert) would then be
        # committed even when the request fails later. So open the transaction first,
        # taking the write lock as the insert inside the savepoint would have.
        dbapi_connection = connection.connection.dbapi_connection
        if not dbapi_connection.in_transaction:
            dbapi_connection.execute("BEGIN IMMEDIATE")


# A pooled server connection unused for longer than this is pinged before reuse.
IDLE_PING_SECONDS = 10.0


def _ping_idle_connections(engine: Engine) -> None:
    """Ping a pooled connection before reuse only when it sat idle for a while.

    SQLAlchemy's pool_pre_ping pings at every checkout: a round trip that costs as
    much as a public lookup's query. Connections in steady use do not go stale;
    one that sat idle (a database restart, a firewall's idle timeout) is pinged,
    and a dead one is replaced before the request uses it.
    """

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("checked_in_at")
        if idle_since is None or time.monotonic() - idle_since < IDLE_PING_SECONDS:
            return
        try:
            # The dialect's own ping: it leaves no transaction open behind it.
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # any failure: the pool retries with a new connection
            raise DisconnectionError(str(error)) from error


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine with the settings every backend needs."""
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    else:
        _ping_idle_connections(engine)
    return engine


class Database:
    """The app's engine and session factory, kept in ``app.extensions``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessionmaker = sessionmaker(bind=engine, expire_on_commit=False)

    def init_app(self, app: Flask) -> None:
        app.extensions["labelapp.db"] = self
        app.teardown_appcontext(_close_session)


def get_database(app: Flask | None = None) -> Database:
    """The Database of the given (or current) app."""
    database: Database = (app or current_app).extensions["labelapp.db"]
    return database


def db_session() -> Session:
    """The session of the current app context, opened on first use."""
    if "db_session" not in g:
        g.db_session = get_database().sessionmaker()
    session: Session = g.db_session
    return session


def _close_session(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()  # rolls back whatever was not committed
