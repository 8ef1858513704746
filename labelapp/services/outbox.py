"""The outbox (decision 33): a message is written in the transaction of the change that
causes it, and sent after the commit by ``send_due``, which any number of senders may
run at once (cron, the after-commit attempt, an admin): each message is claimed by one
of them with a conditional update, sent, and marked; a failure is recorded on it and
tried again later, until it is given up.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from typing import Any
from typing import Protocol

from sqlalchemy import ColumnElement
from sqlalchemy import and_
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from labelapp.db import utcnow
from labelapp.languages import DEFAULT
from labelapp.languages import LANGUAGES
from labelapp.mail.compose import Written
from labelapp.mail.compose import compose
from labelapp.mail.settings import MailSettings
from labelapp.mail.transport import SendFailed
from labelapp.mail.transport import Transport
from labelapp.models import MessageOptOut
from labelapp.models import MessageState
from labelapp.models import OutboxMessage
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import audit
from labelapp.services.actor import Actor
from labelapp.services.errors import NotAllowed
from labelapp.text import msg

QUEUED = "labelapp.outbox.queued"  # session.info: this transaction wrote messages
# The fact that holds a one-time link (an invitation's, a reset's): the only copy of
# its token outside the recipient's mailbox, so it is forgotten once the message is
# sent or given up.
SECRET_PATH = "secret_path"  # noqa: S105 (the name of a fact, not a secret)
# How long a sender holds a claimed message before another may take it over (a
# sender that died mid-send): longer than every SMTP step's timeout together.
LEASE = timedelta(minutes=10)
# Waits after the 1st, 2nd, ... failure; the last one repeats.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))


class Addressee(Protocol):
    """Who a message goes to: an account, or a row with the same attributes."""

    @property
    def id(self) -> int: ...
    @property
    def email(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def language(self) -> str | None: ...


def queue(
    session: Session,
    kind: str,
    facts: dict[str, Any],
    *,
    to: Addressee | None = None,
    address: str = "",
    name: str = "",
    language: str | None = None,
    dedupe_key: str | None = None,
) -> OutboxMessage:
    """Write one message to the outbox in the caller's transaction (flushed, not
    committed): to an account (``to``) or to an address without one."""
    if to is not None:
        address, name = to.email, to.display_name
        language = to.language or language
    message = OutboxMessage(
        kind=kind,
        recipient_id=to.id if to is not None else None,
        to_address=address,
        to_name=name,
        language=language if language in LANGUAGES else DEFAULT,
        payload=json.dumps(facts, sort_keys=True, default=str),
        dedupe_key=dedupe_key,
    )
    session.add(message)
    session.info[QUEUED] = True
    return message


def opted_out(session: Session, kind: str, users: Iterable[User]) -> set[int]:
    """Ids of the users among ``users`` who turned ``kind`` off."""
    ids = [user.id for user in users]
    if not ids:
        return set()
    return set(
        session.scalars(
            select(MessageOptOut.user_id).where(
                MessageOptOut.kind == kind, MessageOptOut.user_id.in_(ids)
            )
        )
    )


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    given_up: int = 0


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(OutboxMessage.state == MessageState.PENDING, OutboxMessage.next_attempt_at <= now),
        # A sender that died while sending: its lease ran out.
        and_(OutboxMessage.state == MessageState.SENDING, OutboxMessage.claimed_until < now),
    )


def claim(session: Session, now: datetime, limit: int) -> list[OutboxMessage]:
    """Claim up to ``limit`` due messages for this sender and commit the claim.

    The update only takes rows still due when it runs: of two senders, one gets each
    message. PostgreSQL skips rows another sender is claiming instead of waiting; on
    SQLite the savepoint takes the write lock before the first read, so two senders
    queue up instead of failing on each other's commit.
    """
    with session.begin_nested():
        candidates = session.scalars(
            select(OutboxMessage.id)
            .where(_due(now))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        claimed = (
            session.scalars(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(candidates), _due(now))
                .values(state=MessageState.SENDING, claimed_until=now + LEASE)
                .returning(OutboxMessage.id)
                .execution_options(synchronize_session=False)
            ).all()
            if candidates
            else []
        )
    messages = list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.id.in_(claimed))
            .order_by(OutboxMessage.id)
            .execution_options(populate_existing=True)
        )
    )
    session.commit()
    return messages


# Writes a message's texts with links on a base URL, signed by the issuer:
# labelapp.services.messages.write.
Writer = Callable[[OutboxMessage, str, str], Written]


def send_due(
    session: Session,
    settings: MailSettings,
    transport: Transport,
    write: Writer,
    base_url: str,
    now: datetime | None = None,
    limit: int | None = None,
) -> SendReport:
    """Send what is due, each message in its own transaction after the claim."""
    now = now or utcnow()
    report = SendReport()
    for message in claim(session, now, limit or settings.batch):
        subject, failure = "", None
        try:  # no transaction is open while the mail server is talked to
            written = write(message, base_url, settings.sender_name)
            subject = written.subject[:300]
            transport.send(compose(settings, message.to_address, message.to_name, written))
        except SendFailed as failed:
            failure = failed
        with session.begin_nested():  # the write lock first on SQLite, as in claim
            message.attempts += 1
            message.subject = subject or message.subject
            if failure is None:
                message.state, message.sent_at = MessageState.SENT, utcnow()
                message.claimed_until, message.last_error = None, ""
                report.sent += 1
            else:
                _failed(message, failure, now, settings.give_up_after)
                if message.state is MessageState.FAILED:
                    report.given_up += 1
                else:
                    report.retrying += 1
            if message.state in (MessageState.SENT, MessageState.FAILED):
                _forget_secret(message)
        session.commit()
    return report


def _failed(
    message: OutboxMessage, failure: SendFailed, now: datetime, give_up_after: timedelta
) -> None:
    message.last_error = failure.reason[:2000]
    message.claimed_until = None
    wait = BACKOFF[min(message.attempts, len(BACKOFF)) - 1]
    if failure.permanent or now + wait > message.created_at + give_up_after:
        message.state = MessageState.FAILED
    else:
        message.state, message.next_attempt_at = MessageState.PENDING, now + wait


def _forget_secret(message: OutboxMessage) -> None:
    facts = message.facts
    if SECRET_PATH in facts:
        facts[SECRET_PATH] = ""
        message.payload = json.dumps(facts, sort_keys=True)


def messages_to(session: Session, user: User, limit: int = 100) -> list[OutboxMessage]:
    """The latest messages written to ``user``, newest first."""
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.recipient_id == user.id)
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            .limit(limit)
        )
    )


def opted_out_kinds(session: Session, user: User) -> set[str]:
    return set(session.scalars(select(MessageOptOut.kind).where(MessageOptOut.user_id == user.id)))


def set_opt_outs(session: Session, user: User, kinds: Iterable[str], off: Iterable[str]) -> None:
    """Among the optional ``kinds``, turn ``off`` off for ``user`` and the rest on."""
    off = set(off)
    current = {
        row.kind: row
        for row in session.scalars(select(MessageOptOut).where(MessageOptOut.user_id == user.id))
    }
    for kind in kinds:
        if kind in off and kind not in current:
            session.add(MessageOptOut(user_id=user.id, kind=kind))
        elif kind not in off and kind in current:
            session.delete(current[kind])
    session.flush()


def undelivered(session: Session, limit: int = 200) -> list[OutboxMessage]:
    """Messages waiting or given up, the given-up first, then the oldest waiting."""
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.state != MessageState.SENT)
            .order_by(
                (OutboxMessage.state == MessageState.FAILED).desc(),
                OutboxMessage.created_at,
                OutboxMessage.id,
            )
            .limit(limit)
        )
    )


def retry(
    session: Session, actor: Actor, message: OutboxMessage, now: datetime | None = None
) -> None:
    """Send a given-up or waiting message again at the next run (an administrator's
    choice after fixing the cause); its age counts from now, so it is not given up at
    once.

    Raises:
        NotAllowed: not an administrator, already sent, or its one-time link is
            forgotten (a new invitation or reset link is needed).
    """
    if actor.user is None or actor.user.role is not Role.ADMIN or not actor.user.active:
        raise NotAllowed(msg("Only an administrator may send a message again."))
    if message.state is MessageState.SENT:
        raise NotAllowed(msg("This message was sent already."))
    if SECRET_PATH in message.facts and not message.facts[SECRET_PATH]:
        raise NotAllowed(
            msg(
                "This message's one-time link is forgotten once given up: make a new "
                "invitation or reset link instead."
            )
        )
    now = now or utcnow()
    message.state, message.next_attempt_at = MessageState.PENDING, now
    message.created_at, message.claimed_until = now, None
    session.flush()
    audit.record(session, actor, "message.retried", "outbox_message", message.id)
    session.info[QUEUED] = True  # the after-commit sender picks it up
