"""A manager's organisation pages and invitations in German and French (decision 21):
headings, buttons, form errors, country names and the history are translated."""

from __future__ import annotations

import re

import pytest

from labelapp.db import db_session
from labelapp.services import messages
from labelapp.services.organisations import country_choices
from labelapp.services.organisations import country_name
from tests.fixtures.app import submit
from tests.fixtures.users import login
from tests.labelapp.blueprints.manager_helpers import PROFILE
from tests.labelapp.blueprints.manager_helpers import create_organisation
from tests.labelapp.blueprints.manager_helpers import publish_criteria
from tests.labelapp.blueprints.manager_helpers import start_assessment
from tests.labelapp.services.factories import emailed_path
from tests.labelapp.services.factories import issued

GERMAN = {
    "list": ["<h1>Meine Organisationen</h1>", ">Organisation registrieren</a>"],
    "empty": "Sie verwalten noch keine Clusterorganisation.",
    "form": ["<h1>Clusterorganisation registrieren</h1>", ">Name der Clusterorganisation</label>"],
    "error": "Geben Sie eine ganze Zahl von 0 bis 1.000.000 ein.",
    "refusal": "KMU sind Mitgliedsunternehmen: Es kann nicht mehr KMU als Unternehmen geben.",
    "countries": ['<option value="AT">Österreich</option>', "Land wählen"],
    "page": [
        '<h2 id="label-heading">Label</h2>',
        '<h2 id="history-heading">Verlauf</h2>',
        "Eine Bewertung ist offen (Entwurf), nach den Kriterien",
        '<th scope="col">Erreichte Stufe</th>',
        "Mit der vorherigen",
        "Status heute:",
        ">Gültig</strong>",
        "<dd>1.200 (davon KMU: 31)</dd>",
        "<dd>2,5</dd>",
        "Polen",
        "· gegründet 2012",
        'value="Co-Manager einladen"',
    ],
    "invite": [
        "<h1>Co-Manager für Łódzki Klaster ICT einladen</h1>",
        "per E-Mail an jan@example.org unterwegs",
        "läuft in 14 Tagen ab.",
    ],
    "invited": ['<h2 id="invitations-heading">Einladungen zur Mitverwaltung</h2>', "Annehmen<span"],
    "link": ["<h1>Łódzki Klaster ICT mitverwalten</h1>", 'value="Einladung annehmen"'],
    "closed": "<h1>Diese Einladung kann nicht verwendet werden</h1>",
    "accepted": "Sie verwalten jetzt Łódzki Klaster ICT mit.",
}
FRENCH = {
    "list": ["<h1>Mes organisations</h1>", ">Enregistrer une organisation</a>"],
    "empty": "Vous ne gérez encore aucune organisation de gestion de cluster.",
    "form": [
        "<h1>Enregistrer une organisation de gestion de cluster</h1>",
        ">Nom de l’organisation de gestion de cluster</label>",
    ],
    "error": "Saisissez un nombre entier de 0 à 1\u202f000\u202f000.",
    "refusal": "Les PME sont des entreprises membres : il ne peut pas y avoir plus de PME",
    "countries": ['<option value="AT">Autriche</option>', "Choisir un pays"],
    "page": [
        '<h2 id="label-heading">Label</h2>',
        '<h2 id="history-heading">Historique</h2>',
        "Une évaluation est en cours (brouillon), selon les critères",
        '<th scope="col">Niveau atteint</th>',
        "Comparer avec la précédente",
        "Statut aujourd’hui :",
        ">Valide</strong>",
        "<dd>1\u202f200 (dont PME : 31)</dd>",
        "<dd>2,5</dd>",
        "Pologne",
        "· fondée en 2012",
        'value="Inviter le co-manager"',
    ],
    "invite": [
        "<h1>Inviter un co-manager pour Łódzki Klaster ICT</h1>",
        "en route vers jan@example.org par e-mail",
        "expire dans 14 jours.",
    ],
    "invited": ['<h2 id="invitations-heading">Invitations à cogérer</h2>', "Accepter<span"],
    "link": ["<h1>Cogérer Łódzki Klaster ICT</h1>", 'value="Accepter l’invitation"'],
    "closed": "<h1>Cette invitation ne peut pas être utilisée</h1>",
    "accepted": "Vous cogérez désormais Łódzki Klaster ICT.",
}
LANGUAGES = pytest.mark.parametrize(("lang", "text"), [("de", GERMAN), ("fr", FRENCH)])


def _page(client, path: str, lang: str, status: int = 200) -> str:
    response = client.get(path, query_string={"lang": lang})
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    return html


def _contains(html: str, expected: list[str]) -> None:
    for text in expected:
        assert text in html, text


@LANGUAGES
def test_the_list_and_the_registration_form_with_errors(client, login_as, manager, lang, text):
    login_as(manager)
    empty = _page(client, "/organisations", lang)
    _contains(empty, text["list"])
    assert text["empty"] in empty
    form = _page(client, "/organisations/new", lang)
    _contains(form, [*text["form"], *text["countries"]])
    # The form's own check, then the service's (once the form is valid).
    for changes, message in [
        ({"member_research": "-1"}, text["error"]),
        ({"member_firms": "10", "member_smes": "20"}, text["refusal"]),
    ]:
        response = submit(client, f"/organisations/new?lang={lang}", {**PROFILE, **changes})
        assert response.status_code == 200
        assert message in response.get_data(as_text=True)


@LANGUAGES
def test_an_organisation_page_with_its_label_and_history(
    app, client, login_as, manager, lang, text
):
    with app.app_context():
        issued(db_session(), db_session().merge(manager), member_firms=1200)
        db_session().commit()
    login_as(manager)
    listing = _page(client, "/organisations", lang)
    path = re.search(r'href="(/organisations/[^"/?]+)"', listing).group(1)
    start_assessment(client, path)  # a second row in the history, and an open assessment
    _contains(_page(client, path, lang), text["page"])


@LANGUAGES
def test_the_invitation_pages(app, client, login_as, manager, make_user, lang, text):
    publish_criteria(app)
    login_as(manager)
    path = create_organisation(client)
    invited_user = make_user(email="jan@example.org")
    answer = submit(
        client, f"{path}/managers?lang={lang}", {"email": "jan@example.org"}, form_url=path
    )
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    _contains(html, text["invite"])
    with app.app_context():
        link = emailed_path(db_session(), "jan@example.org", messages.INVITATION)

    invited = app.test_client()
    assert login(invited, invited_user.email).status_code == 302
    _contains(_page(invited, "/organisations", lang), text["invited"])
    _contains(_page(invited, link, lang), text["link"])
    assert text["closed"] in _page(invited, "/invitations/unknown", lang, status=404)
    accepted = submit(invited, f"{link}?lang={lang}", {"accept": "y"}, form_url=link)
    assert accepted.status_code == 302
    assert text["accepted"] in _page(invited, accepted.headers["Location"], lang)


def test_country_names_follow_the_language():
    assert country_name("DE", "de") == "Deutschland" and country_name("DE", "fr") == "Allemagne"
    assert country_name("MD") == "Moldova"  # English stays as it was
    german = [name for _code, name in country_choices("de")]
    # Ö is looked up among the O, not after Z.
    assert german.index("Oman") < german.index("Österreich") < german.index("Pakistan")
    french = [name for _code, name in country_choices("fr")]
    assert french.index("Espagne") < french.index("États-Unis") < french.index("Éthiopie")
