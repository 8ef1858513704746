"""The assessor's pages in German and French: the queue, claiming, the review screen,
the confirmation and the refusals read in the assessor's language (decision 21)."""

from __future__ import annotations

import re

import pytest

from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import Role
from labelapp.services import workflow
from labelapp.services.errors import NotAllowed
from labelapp.web.messages import say
from tests.fixtures.app import submit
from tests.fixtures.users import login
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import complete_assessment
from tests.labelapp.services.factories import months_ago
from tests.labelapp.services.factories import publish_criteria

NB = "\u00a0"  # French puts a no-break space before ; and :

TEXTS = {
    "de": {
        "queue": "<h1>Begutachtungen</h1>",
        "claim_link": "Begutachtung von {name} übernehmen",
        "claim_title": "<title>Begutachtung übernehmen",
        "claim_button": 'value="Diese Begutachtung übernehmen"',
        "undeclared": (
            "Erklären Sie, dass Sie keinen Interessenkonflikt mit dieser Organisation haben."
        ),
        "claimed": "Sie haben die Begutachtung übernommen.",
        "overview": ">Überblick und Entscheidung</a>",
        "decision": '<h2 id="decision-heading">Entscheidung</h2>',
        "approve": 'value="Auf der validierten Stufe genehmigen"',
        "part": "<h3>Selbstbewertung</h3>",
        "part_field": "Verbesserungspotenziale",
        "next": 'aria-label="Weiter: ',
        "refused": (
            "Es wurde nichts entschieden: Schreiben Sie, was das Clustermanagement ändern soll; "
            "das Clustermanagement wird es lesen."
        ),
        "waiting": "wartet auf die Zweitbegutachtung",
        "confirm_title": "<title>Genehmigung bestätigen",
        "confirm_button": 'value="Genehmigung bestätigen"',
        "confirm_lead": "Diese Stufe erfordert eine zweite, unabhängige Begutachtung.",
        "wrong_state": (
            "Diese Selbstbewertung ist in Begutachtung; "
            "ihre Begutachtung kann jetzt nicht übernommen werden."
        ),
    },
    "fr": {
        "queue": "<h1>Évaluations à traiter</h1>",
        "claim_link": "Prendre en charge l’évaluation de {name}",
        "claim_title": "<title>Prendre en charge une évaluation",
        "claim_button": 'value="Prendre en charge cette évaluation"',
        "undeclared": "Déclarez que vous n’avez aucun conflit d’intérêts avec cette organisation.",
        "claimed": "Vous avez pris en charge l’évaluation.",
        "overview": ">Vue d’ensemble et décision</a>",
        "decision": '<h2 id="decision-heading">Décision</h2>',
        "approve": 'value="Approuver au niveau validé"',
        "part": "<h3>Auto-évaluation</h3>",
        "part_field": "Axes d’amélioration",
        "next": 'aria-label="Suivant' + NB + ": ",
        "refused": (
            f"Rien n’a été décidé{NB}: Écrivez ce que les managers du cluster doivent "
            f"modifier{NB}; ils le liront."
        ),
        "waiting": "attend un second évaluateur",
        "confirm_title": "<title>Confirmer une approbation",
        "confirm_button": 'value="Confirmer l’approbation"',
        "confirm_lead": "Ce niveau exige un second évaluateur, indépendant.",
        "wrong_state": (
            f"Cette auto-évaluation est en cours d’évaluation{NB}; "
            "son évaluation ne peut pas être prise en charge maintenant."
        ),
    },
}


@pytest.fixture
def submitted(app, manager):
    """A complete top-scoring assessment (gold: four eyes), submitted by its manager."""
    with app.app_context():
        publish_criteria(db_session())
        assessment = complete_assessment(db_session(), db_session().merge(manager))
        workflow.submit_assessment(
            db_session(), actor(db_session().merge(manager)), assessment, None
        )
        db_session().commit()
        return assessment.id


def _client(app, user, lang):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    client.set_cookie("lang", lang)
    return client


def _version(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="row_version" type="hidden" value="(\d+)"', page).group(1)


def _page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_the_assessors_pages_read_in_german_and_french(
    app, submitted, assessor, make_user, session, lang
):
    text = TEXTS[lang]
    name = session.get(Assessment, submitted).organisation.name
    client = _client(app, assessor, lang)

    queue = _page(client, "/review")
    assert f'<html lang="{lang}">' in queue
    assert text["queue"] in queue and text["claim_link"].format(name=name) in queue

    claim = f"/review/{submitted}/claim"
    page = _page(client, claim)
    assert text["claim_title"] in page and text["claim_button"] in page
    undeclared = submit(client, claim, {"row_version": _version(client, claim)})
    assert text["undeclared"] in undeclared.get_data(as_text=True)
    claimed = submit(
        client,
        claim,
        {"row_version": _version(client, claim), "no_conflict": "y"},
        follow_redirects=True,
    )
    assert claimed.status_code == 200 and text["claimed"] in claimed.get_data(as_text=True)

    overview = _page(client, f"/review/{submitted}")
    assert text["overview"] in overview and text["decision"] in overview
    assert text["approve"] in overview
    part = _page(client, f"/review/{submitted}?section=leadership")
    assert text["part"] in part and text["part_field"] in part and text["next"] in part

    # A refused decision: the message to the managers is missing.
    path = f"/review/{submitted}"
    refused = submit(
        client,
        f"{path}/decision",
        {"row_version": _version(client, path), "request_changes": "1", "note": ""},
        form_url=path,
    )
    assert refused.status_code == 200 and text["refused"] in refused.get_data(as_text=True)

    # Gold needs four eyes: the lead proposes, a second assessor confirms.
    submit(
        client,
        f"{path}/decision",
        {
            "row_version": _version(client, path),
            "approve": "1",
            "assessed_on": months_ago(2).isoformat(),
        },
        form_url=path,
    )
    second = _client(app, make_user(Role.ASSESSOR), lang)
    assert text["waiting"] in _page(second, "/review")
    confirm = _page(second, f"/review/{submitted}/confirm")
    assert text["confirm_title"] in confirm and text["confirm_button"] in confirm
    assert text["confirm_lead"] in confirm


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_a_transition_refused_in_the_wrong_state_is_one_whole_sentence(
    app, submitted, assessor, session, lang
):
    assessment = session.get(Assessment, submitted)
    assessment.status = AssessmentStatus.IN_REVIEW
    with pytest.raises(NotAllowed) as refused:
        workflow.transition(session, actor(assessor), assessment, "claim", None)
    session.rollback()
    assert str(refused.value) == "This assessment is in review; it cannot be claimed now."
    with app.test_request_context(f"/?lang={lang}"):
        assert say(refused.value.message) == TEXTS[lang]["wrong_state"]


def test_every_refused_state_of_every_transition_has_its_sentence():
    for rule in workflow.TRANSITIONS.values():
        for status in AssessmentStatus:
            if status not in rule.sources:
                assert (rule.done, status) in workflow.WRONG_STATE, (rule.done, status)
    # the English stays as it was: the state's name in lower case, then the action
    for (done, status), text in workflow.WRONG_STATE.items():
        assert str(text) == (f"This assessment is {status.label.lower()}; it cannot be {done} now.")
