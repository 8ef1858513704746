"""Writing a message in its recipient's language, and composing the e-mail to send.

The bodies come from ``templates/emails/<kind>.txt`` and ``.html`` (the HTML one
escaped, the text one not), rendered in a Jinja environment per language with that
language's catalogue, so that a sender needs no request and no app context. The
subjects are texts of ``labelapp.services.messages``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from email.utils import make_msgid
from typing import Any

from jinja2 import Environment
from jinja2 import FileSystemLoader
from jinja2 import StrictUndefined
from jinja2 import select_autoescape

from labelapp.db import utcnow
from labelapp.languages import catalogue
from labelapp.mail.settings import MailSettings
from labelapp.mail.transport import SendFailed
from labelapp.resources import templates_dir

_LINE_BREAKS = re.compile(r"[\r\n\t\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


@dataclass(frozen=True)
class Written:
    subject: str
    text: str
    html: str


@functools.cache
def _environment(language: str) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(templates_dir() / "emails"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    environment.install_gettext_translations(  # type: ignore[attr-defined]
        catalogue(language), newstyle=True
    )
    return environment


def write(
    kind: str,
    language: str,
    subject: str,
    facts: dict[str, Any],
    base_url: str,
    name: str = "",
    issuer: str = "",
) -> Written:
    """The message's texts for ``name``; ``facts["path"]`` becomes the link to act on."""
    environment = _environment(language)
    context = {
        **facts,
        # A one-time link (an invitation's, a reset's) or the page to act on.
        "link": base_url + str(facts.get("secret_path") or facts.get("path", "/")),
        "base_url": base_url,
        "name": one_line(name),
        "language": language,
        "subject": one_line(subject),
        "issuer": issuer,
    }
    return Written(
        subject=one_line(subject),
        text=environment.get_template(f"{kind}.txt").render(context),
        html=environment.get_template(f"{kind}.html").render(context),
    )


def one_line(text: str) -> str:
    """A header's text on one line: a name or subject with a line break in it (typed, or
    an attack) can never start a header of its own."""
    return _LINE_BREAKS.sub(" ", text).strip()


def compose(
    settings: MailSettings, to_address: str, to_name: str, written: Written
) -> EmailMessage:
    """The e-mail with both parts.

    Raises:
        SendFailed (permanent): the address cannot be written in a header.
    """
    message = EmailMessage()
    try:
        message["From"] = Address(one_line(settings.sender_name), addr_spec=settings.sender)
        message["To"] = Address(one_line(to_name), addr_spec=to_address.strip())
    except (ValueError, IndexError, MessageError) as error:
        raise SendFailed(f"the address cannot be used: {error}", permanent=True) from None
    message["Subject"] = written.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2])
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies, please
    message.set_content(written.text)
    message.add_alternative(written.html, subtype="html")
    return message
