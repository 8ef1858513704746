"""Sign-in, registration and passwords in German and French (decision 21)."""

from __future__ import annotations

import pytest

from labelapp.db import db_session
from labelapp.services import administration
from labelapp.services.actor import Actor
from tests.fixtures.app import submit
from tests.fixtures.users import PASSWORD

NEW_MANAGER = {
    "display_name": "Anna Nowak",
    "email": "anna@example.org",
    "password": PASSWORD,
    "confirm": PASSWORD,
}

GERMAN_AND_FRENCH = pytest.mark.parametrize("code", ["de", "fr"])

SIGN_IN = {
    "de": ["<h1>Anmelden</h1>", "E-Mail-Adresse", ">Passwort</label>", 'value="Anmelden"'],
    "fr": [
        "<h1>Se connecter</h1>",
        "Adresse e-mail",
        ">Mot de passe</label>",
        'value="Se connecter"',
    ],
}


@GERMAN_AND_FRENCH
def test_the_sign_in_page_is_translated(client, code):
    response = client.get(f"/login?lang={code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in SIGN_IN[code]:
        assert text in page
    assert {
        "de": 'Noch kein Konto? <a href="/register">Als Clustermanager registrieren</a>.',
        "fr": 'Pas encore de compte ? <a href="/register">S’inscrire comme manager de cluster</a>.',
    }[code] in page
    assert "No account yet?" not in page


@pytest.mark.parametrize(
    ("code", "texts"),
    [
        (
            "de",
            [
                "<h1>Als Clustermanager registrieren</h1>",
                ">Ihr Name</label>",
                "Mindestens 12 Zeichen. Einige Wörter ohne Zusammenhang ergeben ein starkes",
                'value="Mein Konto anlegen"',
                'Bereits registriert? <a href="/login">Anmelden</a>.',
            ],
        ),
        (
            "fr",
            [
                "<h1>S’inscrire comme manager de cluster</h1>",
                ">Votre nom</label>",
                "Au moins 12 caractères. Quelques mots sans rapport entre eux font un mot de passe",
                'value="Créer mon compte"',
                'Déjà inscrit·e ? <a href="/login">Se connecter</a>.',
            ],
        ),
    ],
)
def test_the_registration_page_is_translated(client, code, texts):
    response = client.get(f"/register?lang={code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in texts:
        assert text in page


@pytest.mark.parametrize(
    ("code", "too_short", "differ"),
    [
        (
            "de",
            "Verwenden Sie mindestens 12 Zeichen.",
            "Die beiden Passwörter stimmen nicht überein.",
        ),
        ("fr", "Utilisez au moins 12 caractères.", "Les deux mots de passe sont différents."),
    ],
)
def test_registration_errors_are_shown_in_the_language(client, code, too_short, differ):
    response = submit(
        client, f"/register?lang={code}", {**NEW_MANAGER, "password": "short", "confirm": "other"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert too_short in page and differ in page
    assert "Use at least" not in page and "The two passwords differ." not in page


@pytest.mark.parametrize(
    ("code", "taken"),
    [
        ("de", "Es gibt bereits ein Konto mit dieser E-Mail-Adresse."),
        ("fr", "Un compte existe déjà avec cette adresse e-mail."),
    ],
)
def test_a_services_refusal_is_shown_in_the_language(client, make_user, code, taken):
    make_user(email="anna@example.org")
    response = submit(client, f"/register?lang={code}", NEW_MANAGER)
    assert response.status_code == 200
    assert taken in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("code", "wrong"),
    [
        ("de", "Die E-Mail-Adresse oder das Passwort ist falsch."),
        ("fr", "L’adresse e-mail ou le mot de passe est incorrect."),
    ],
)
def test_wrong_credentials_are_told_in_the_language(client, manager, code, wrong):
    response = submit(
        client, f"/login?lang={code}", {"email": manager.email, "password": "not the password"}
    )
    assert response.status_code == 200
    assert wrong in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("code", "please"),
    [
        ("de", "Bitte melden Sie sich an, um diese Seite zu sehen."),
        ("fr", "Veuillez vous connecter pour voir cette page."),
    ],
)
def test_the_sign_in_request_is_flashed_in_the_language(client, code, please):
    response = client.get(f"/account/password?lang={code}", follow_redirects=True)
    assert response.status_code == 200
    assert please in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("code", "texts", "wrong"),
    [
        (
            "de",
            [
                "<h1>Ihr Passwort ändern</h1>",
                ">Aktuelles Passwort</label>",
                "Mindestens 12 Zeichen.",
            ],
            "Das aktuelle Passwort ist falsch.",
        ),
        (
            "fr",
            [
                "<h1>Changer votre mot de passe</h1>",
                ">Mot de passe actuel</label>",
                "Au moins 12 caractères.",
            ],
            "Le mot de passe actuel est incorrect.",
        ),
    ],
)
def test_the_change_password_page_is_translated(client, login_as, manager, code, texts, wrong):
    login_as(manager)
    response = client.get(f"/account/password?lang={code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in texts:
        assert text in page
    new = "another good secret"
    refused = submit(
        client,
        f"/account/password?lang={code}",
        {"current_password": "not the password", "new_password": new, "confirm": new},
    )
    assert wrong in refused.get_data(as_text=True)


def _reset_path(app, admin, user) -> str:
    with app.app_context():
        token = administration.create_reset_link(db_session(), Actor(admin), user)
        db_session().commit()
    return f"/reset/{token}"


@pytest.mark.parametrize(
    ("code", "heading", "button", "done"),
    [
        (
            "de",
            "<h1>Neues Passwort wählen</h1>",
            'value="Mein Passwort festlegen"',
            "Ihr Passwort ist festgelegt. Melden Sie sich als {email} an.",
        ),
        (
            "fr",
            "<h1>Choisir un nouveau mot de passe</h1>",
            'value="Définir mon mot de passe"',
            "Votre mot de passe est défini. Connectez-vous en tant que {email}.",
        ),
    ],
)
def test_the_reset_password_page_is_translated(
    app, client, admin, assessor, code, heading, button, done
):
    path = _reset_path(app, admin, assessor)
    response = client.get(f"{path}?lang={code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert heading in page and button in page
    new = "a fresh and private passphrase"
    answer = submit(client, path, {"new_password": new, "confirm": new}, follow_redirects=True)
    assert done.format(email=assessor.email) in answer.get_data(as_text=True)


@pytest.mark.parametrize(
    ("code", "heading"),
    [("de", "Dieser Link kann nicht verwendet werden"), ("fr", "Ce lien ne peut pas être utilisé")],
)
def test_an_unknown_reset_link_is_explained_in_the_language(client, code, heading):
    response = client.get(f"/reset/nothing-like-a-token?lang={code}")
    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in response.get_data(as_text=True)
