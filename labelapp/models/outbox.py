"""The outbox: every e-mail the service writes, kept in the transaction of the change
that causes it and sent after the commit (decision 33)."""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from labelapp.db import Base
from labelapp.db import str_enum
from labelapp.db import utcnow
from labelapp.models.user import User


class MessageState(StrEnum):
    PENDING = "pending"  # to send, at next_attempt_at
    SENDING = "sending"  # claimed by a sender until claimed_until
    SENT = "sent"
    FAILED = "failed"  # given up: a permanent refusal or too old; the admin sees why


class OutboxMessage(Base):
    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # labelapp.services.messages.KINDS
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id"), index=True, default=None
    )
    # The address and name at the time of writing (an invitation may go to a person
    # without an account).
    to_address: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str] = mapped_column(String(120), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    # The facts the message tells, as they were at the change (JSON): the text is
    # written from them when it is sent, so the change itself does no rendering.
    payload: Mapped[str] = mapped_column(Text, default="{}")
    # A reminder's window for one certificate, so that it is written once.
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True, default=None)
    state: Mapped[MessageState] = mapped_column(
        str_enum(MessageState, "message_state"), default=MessageState.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(default=None)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(String(300), default="")  # as last written

    recipient: Mapped[User | None] = relationship()

    @property
    def facts(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.payload or "{}")
        return data


class MessageOptOut(Base):
    """An optional kind of message a user turned off."""

    __tablename__ = "message_opt_out"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
