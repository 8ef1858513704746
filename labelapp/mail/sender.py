"""Sending the outbox for one app: from ``labelapp mail send`` and, when
``LABELAPP_MAIL_AFTER_COMMIT`` is on, right after each commit that wrote messages, in
a background thread, so that a slow or unreachable mail server never holds up the
request that made the change (decision 33)."""

from __future__ import annotations

import threading
from datetime import datetime

from flask import Flask
from flask import has_request_context
from flask import request
from sqlalchemy import event
from sqlalchemy.orm import Session

from labelapp.db import get_database
from labelapp.mail.transport import Transport
from labelapp.mail.transport import transport_for
from labelapp.services import messages
from labelapp.services import outbox
from labelapp.services.outbox import SendReport
from labelapp.settings import settings_of

EXTENSION = "labelapp.mail"


class Sender:
    def __init__(self, app: Flask, transport: Transport | None = None) -> None:
        self._app = app
        self._transport = transport  # None: as the settings say
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False
        self._base_url: str | None = None

    def send_now(
        self, limit: int | None = None, now: datetime | None = None, base_url: str | None = None
    ) -> SendReport:
        """Send the due messages (at most ``limit``) and say what happened."""
        settings = settings_of(self._app)
        transport = self._transport or transport_for(settings.mail)
        base = base_url or settings.public_address.base_url()
        with get_database(self._app).sessionmaker() as session:
            return outbox.send_due(
                session, settings.mail, transport, messages.write, base, now, limit
            )

    def kick(self, base_url: str | None = None) -> None:
        """Send in the background now; if a send is running, once more after it."""
        with self._lock:
            self._base_url = base_url or self._base_url
            if self._thread is not None and self._thread.is_alive():
                self._again = True
                return
            self._thread = threading.Thread(target=self._run, name="labelapp-mail", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                self.send_now(base_url=self._base_url)
            except Exception:
                self._app.logger.exception("sending the outbox after a commit failed")
            with self._lock:
                if not self._again:
                    return
                self._again = False

    def join(self, timeout: float | None = None) -> None:
        """Wait for the background send (tests and shutdown)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)


def init_mail(app: Flask) -> None:
    sender = Sender(app)
    app.extensions[EXTENSION] = sender

    def after_commit(session: Session) -> None:
        if not session.info.pop(outbox.QUEUED, False):
            return
        if settings_of(app).mail.after_commit:
            # The address the request reached, for links when none is configured.
            sender.kick(request.host_url if has_request_context() else None)

    def after_rollback(session: Session) -> None:
        session.info.pop(outbox.QUEUED, None)  # the messages were rolled back with the change

    event.listen(get_database(app).sessionmaker, "after_commit", after_commit)
    event.listen(get_database(app).sessionmaker, "after_rollback", after_rollback)


def sender_of(app: Flask) -> Sender:
    sender: Sender = app.extensions[EXTENSION]
    return sender
