"""Lookup budgets: per client, exactly the configured number, shared by every lookup path,
refused with a 429 that says when to come back."""

from __future__ import annotations

import pytest

NUMBER = "CEL-2020-00001-X"  # no such certificate: a refused lookup spends all the same
LOOKUPS = [
    "/registry",
    "/api/v1/registry",
    "/registry.csv",
    f"/verify?number={NUMBER}",
    f"/verify/{NUMBER}",
    f"/api/v1/certificates/{NUMBER}",
    f"/certificates/{NUMBER}.pdf",
]
FIRST, SECOND = {"REMOTE_ADDR": "192.0.2.1"}, {"REMOTE_ADDR": "192.0.2.2"}


@pytest.mark.parametrize("app_settings", [{"LABELAPP_LOOKUP_RATE_LIMIT": "5 per minute"}])
def test_a_client_gets_exactly_its_budget_whatever_it_asks_for(client, app_settings):
    answers = [client.get(LOOKUPS[n % len(LOOKUPS)], environ_base=FIRST) for n in range(8)]
    assert [answer.status_code != 429 for answer in answers] == [True] * 5 + [False] * 3
    refused = answers[-1]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "Too many requests" in refused.get_data(as_text=True)


@pytest.mark.parametrize(
    "app_settings",
    [{"LABELAPP_LOOKUP_RATE_LIMIT": "1 per minute", "LABELAPP_BADGE_RATE_LIMIT": "2 per minute"}],
)
def test_badges_have_a_budget_of_their_own(client, app_settings):
    badges = [client.get(f"/badge/{NUMBER}.svg").status_code for _ in range(3)]
    assert badges == [404, 404, 429]
    assert [client.get(f"/verify/{NUMBER}").status_code for _ in range(2)] == [404, 429]


@pytest.mark.parametrize("app_settings", [{"LABELAPP_LOOKUP_RATE_LIMIT": "2 per minute"}])
def test_clients_have_their_own_budgets(client, app_settings):
    for _ in range(2):
        assert client.get("/registry", environ_base=FIRST).status_code == 200
    assert client.get("/registry", environ_base=FIRST).status_code == 429
    assert client.get("/registry", environ_base=SECOND).status_code == 200


@pytest.mark.parametrize("app_settings", [{"LABELAPP_LOOKUP_RATE_LIMIT": "1 per minute"}])
def test_the_api_refuses_in_json_with_retry_after(client, app_settings):
    assert client.get("/api/v1/registry").status_code == 200
    refused = client.get("/api/v1/registry")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    error = refused.get_json()["error"]
    assert error["status"] == 429 and "Wait a little" in error["message"]


@pytest.mark.parametrize("app_settings", [{"LABELAPP_LOOKUP_RATE_LIMIT": "1 per minute"}])
def test_the_empty_lookup_form_and_other_pages_spend_nothing(client, app_settings):
    for _ in range(3):
        assert client.get("/verify").status_code == 200
        assert client.get("/").status_code == 200
    assert client.get("/registry").status_code == 200


@pytest.mark.parametrize("app_settings", [{"LABELAPP_LOOKUP_RATE_LIMIT": "2 per minute"}])
def test_only_a_refusal_says_when_to_come_back(client, app_settings):
    answered = client.get("/registry", environ_base=FIRST)
    assert answered.status_code == 200 and "Retry-After" not in answered.headers
