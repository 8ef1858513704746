"""The mail settings the outbox's sender takes, built once from the configuration."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

SMTP = "smtp"
CONSOLE = "console"


@dataclass(frozen=True)
class MailSettings:
    backend: str  # SMTP or CONSOLE
    host: str  # "" with SMTP: nothing can be sent; each message says so and waits
    port: int
    security: str  # "starttls", "tls" or "none"
    user: str
    password: str
    timeout: int  # seconds
    sender: str
    sender_name: str
    give_up_after: timedelta
    batch: int
    after_commit: bool
    reminder_days: tuple[int, ...]  # days before expiry, largest first
    reminder_batch: int


def mail_settings(config: Mapping[str, Any]) -> MailSettings:
    backend = str(config["LABELAPP_MAIL_BACKEND"])
    host = str(config["LABELAPP_SMTP_HOST"])
    if not backend:
        production = config["LABELAPP_ENV"] == "production"
        # Production never prints messages (reset links would reach the logs).
        backend = SMTP if host or production else CONSOLE
    return MailSettings(
        backend=backend,
        host=host,
        port=int(config["LABELAPP_SMTP_PORT"]),
        security=str(config["LABELAPP_SMTP_SECURITY"]),
        user=str(config["LABELAPP_SMTP_USER"]),
        password=str(config["LABELAPP_SMTP_PASSWORD"]),
        timeout=int(config["LABELAPP_SMTP_TIMEOUT"]),
        sender=str(config["LABELAPP_MAIL_SENDER"]),
        sender_name=str(config["LABELAPP_ISSUER_NAME"]),
        give_up_after=timedelta(hours=int(config["LABELAPP_MAIL_GIVE_UP_HOURS"])),
        batch=int(config["LABELAPP_MAIL_BATCH"]),
        after_commit=bool(int(config["LABELAPP_MAIL_AFTER_COMMIT"])),
        reminder_days=tuple(
            sorted(
                {int(d) for d in str(config["LABELAPP_REMINDER_DAYS"]).split(",") if d.strip()},
                reverse=True,
            )
        ),
        reminder_batch=int(config["LABELAPP_REMINDER_BATCH"]),
    )
