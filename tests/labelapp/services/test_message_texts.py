"""Every kind of message reads in English, German and French, with both parts and the
link to act on; the HTML part escapes what people typed."""

from __future__ import annotations

import json

import pytest

from labelapp.models import OutboxMessage
from labelapp.services import messages

BASE = "https://label.example.test"
FACTS = {
    "organisation": "Klaster <b>Śląski</b>",
    "country": "PL",
    "version": "cluster-excellence 2027.1",
    "level": "Silver — dedicated to excellence",
    "note": "Attach the <survey> & the minutes.",
    "number": "CEL-2026-00042-A",
    "valid_until": "30 June 2027",
    "grace_ends": "30 June 2028",
    "action": "suspend",
    "reason": "Under review.",
    "inviter": "Zofia Lis",
    "days": 14,
    "hours": 48,
    "window": "days",
    "path": "/somewhere/1",
}
KINDS = [
    messages.SUBMITTED,
    messages.SECOND_ASSESSOR,
    messages.CHANGES_REQUESTED,
    messages.REJECTED,
    messages.APPROVED,
    messages.CERTIFICATE_STATUS,
    messages.INVITATION,
    messages.PASSWORD_RESET,
    messages.REMINDER,
]
ENGLISH_SUBJECTS = {kind: messages.write(
    OutboxMessage(kind=kind, language="en", payload=json.dumps(FACTS), to_name="Ana"), BASE, "L"
).subject for kind in KINDS}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "de", "fr"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_message_reads_in_every_language_with_its_link(kind, language):
    message = OutboxMessage(
        kind=kind, language=language, payload=json.dumps(FACTS), to_name="Ana Nowak"
    )
    written = messages.write(message, BASE, "Cluster Excellence Label")
    assert written.subject and "\n" not in written.subject
    if language != "en":  # translated, not the English text
        assert written.subject != ENGLISH_SUBJECTS[kind]
    link = f"{BASE}/somewhere/1"
    assert link in written.text and f'href="{link}"' in written.html
    assert "Ana Nowak" in written.text and "Cluster Excellence Label" in written.text
    assert f'<html lang="{language}">' in written.html
    assert "<b>Śląski</b>" not in written.html and "<survey>" not in written.html
    assert "{{" not in written.text + written.html


@pytest.mark.parametrize("window", ["days", "expired", "grace_ends"])
def test_each_reminder_window_says_its_own_thing(window):
    facts = {**FACTS, "window": window}
    message = OutboxMessage(kind=messages.REMINDER, language="en", payload=json.dumps(facts))
    written = messages.write(message, BASE, "L")
    expected = {
        "days": ("expires on 30 June 2027", "is valid until 30 June 2027"),
        "expired": ("has expired", "A renewal started by 30 June 2028 continues its history"),
        "grace_ends": ("Last day to renew", "Today, 30 June 2028, is the last day"),
    }[window]
    assert expected[0] in written.subject and expected[1] in written.text
