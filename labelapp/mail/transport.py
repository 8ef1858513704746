"""Sending one composed message: through SMTP, or printed to the console.

A failure is either temporary (the server is down, busy or refuses for now, TLS
fails: tried again later) or permanent (the server refuses the address for good, or
the message cannot be written: given up at once). Either way it becomes one readable
line stored on the message for the admin.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
import sys
from email.message import EmailMessage
from typing import Protocol
from typing import TextIO

from labelapp.mail.settings import CONSOLE
from labelapp.mail.settings import MailSettings


class SendFailed(Exception):
    """Sending failed; ``permanent``: trying again cannot help."""

    def __init__(self, reason: str, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class ConsoleTransport:
    """Prints each message instead of sending it: `make run` needs no mail server."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream

    def send(self, message: EmailMessage) -> None:
        stream = self._stream or sys.stdout
        text = message.get_body(("plain",))
        body = text.get_content() if text is not None else ""
        stream.write(
            f"--- e-mail (not sent: LABELAPP_MAIL_BACKEND=console) ---\n"
            f"To: {message['To']}\nSubject: {message['Subject']}\n\n{body}\n---\n"
        )
        stream.flush()


class SmtpTransport:
    def __init__(self, settings: MailSettings) -> None:
        self._settings = settings

    def send(self, message: EmailMessage) -> None:
        settings = self._settings
        if not settings.host:
            raise SendFailed("no mail server is configured (LABELAPP_SMTP_HOST)")
        context = ssl.create_default_context()
        try:
            if settings.security == "tls":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    settings.host, settings.port, timeout=settings.timeout, context=context
                )
            else:
                client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
            with client:
                if settings.security == "starttls":
                    client.starttls(context=context)
                if settings.user:
                    client.login(settings.user, settings.password)
                client.send_message(message)
        except smtplib.SMTPRecipientsRefused as refused:
            codes = [code for code, _text in refused.recipients.values()]
            raise SendFailed(
                f"the mail server refused the address: {_first(refused.recipients)}",
                permanent=all(code >= 500 for code in codes),
            ) from None
        except smtplib.SMTPResponseException as error:
            said = error.smtp_error
            text = (said.decode("utf-8", "replace") if isinstance(said, bytes) else said)[:300]
            raise SendFailed(
                f"the mail server answered {error.smtp_code}: {text}",
                permanent=error.smtp_code >= 500
                and not isinstance(error, smtplib.SMTPAuthenticationError),
            ) from None
        except ssl.SSLError as error:
            raise SendFailed(f"TLS with the mail server failed: {error.reason or error}") from None
        except (OSError, smtplib.SMTPException) as error:
            raise SendFailed(f"the mail server could not be reached: {_describe(error)}") from None


def _first(recipients: dict[str, tuple[int, bytes]]) -> str:
    address, (code, text) = next(iter(recipients.items()))
    return f"{address} ({code} {text.decode('utf-8', 'replace')[:200]})"


def _describe(error: BaseException) -> str:
    if isinstance(error, socket.timeout | TimeoutError):
        return "timed out"
    return str(error) or type(error).__name__


def transport_for(settings: MailSettings) -> Transport:
    return ConsoleTransport() if settings.backend == CONSOLE else SmtpTransport(settings)
