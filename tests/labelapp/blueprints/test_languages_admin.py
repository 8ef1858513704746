"""The administration area in German and French: accounts, organisations, certificates
with their history, criteria versions, statistics and the audit log (decision 21)."""

from __future__ import annotations

import re

import pytest

from labelapp.db import db_session
from tests.fixtures.app import csrf_token
from tests.labelapp.services.factories import issued

GERMAN, FRENCH = "de", "fr"


def _lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)">', html)
    assert found, html[:200]
    return found.group(1)


def _page(client, path: str, lang: str) -> str:
    response = client.get(f"{path}{'&' if '?' in path else '?'}lang={lang}")
    assert response.status_code == 200, path
    html = response.get_data(as_text=True)
    assert _lang(html) == lang
    return html


@pytest.fixture
def number(app, manager):
    with app.app_context():
        made = issued(db_session(), db_session().merge(manager))
        db_session().commit()
        return made.number


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            GERMAN,
            [
                "<h1>Konten</h1>",
                ">Konto anlegen</a>",
                ">Organisationen und Interessenkonflikte</a>",
                "<td>Administrator</td>",
                "<td>aktiv</td>",
                "Link zum Zurücksetzen des Passworts für ",
            ],
        ),
        (
            FRENCH,
            [
                "<h1>Comptes</h1>",
                ">Créer un compte</a>",
                ">Organisations et conflits d’intérêts</a>",
                "<td>Administrateur</td>",
                "<td>actif</td>",
                "Lien de réinitialisation du mot de passe pour ",
            ],
        ),
    ],
)
def test_the_accounts_page_is_translated(as_admin, lang, texts):
    html = _page(as_admin, "/admin/users", lang)
    for text in texts:
        assert text in html
    assert "Create an account" not in html and "Password reset link" not in html


@pytest.mark.parametrize(
    ("lang", "heading", "error", "role"),
    [
        (GERMAN, "<h1>Konto anlegen</h1>", "Geben Sie einen Namen ein.", "Rolle wählen"),
        (FRENCH, "<h1>Créer un compte</h1>", "Saisissez un nom.", "Choisissez un rôle"),
    ],
)
def test_creating_an_account_says_what_is_missing_in_the_readers_language(
    as_admin, lang, heading, error, role
):
    path = "/admin/users/new"
    html = _page(as_admin, path, lang)
    assert heading in html and role in html
    response = as_admin.post(
        path,
        query_string={"lang": lang},
        data={
            "csrf_token": csrf_token(as_admin, path),
            "display_name": "",
            "email": "new@example.test",
            "role": "assessor",
        },
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert error in page and "Enter a name." not in page


@pytest.mark.parametrize(
    ("lang", "listing", "detail"),
    [
        (
            GERMAN,
            ["<h1>Organisationen</h1>", "1 Organisation<"],
            ["<h2>Interessenkonflikte</h2>", "Keine erfasst.", "Interessenkonflikt erfassen"],
        ),
        (
            FRENCH,
            ["<h1>Organisations</h1>", "1 organisation<"],
            ["<h2>Conflits d’intérêts</h2>", "Aucun n’est enregistré.", "Enregistrer le conflit"],
        ),
    ],
)
def test_the_organisation_pages_are_translated(as_admin, submitted_pair, lang, listing, detail):
    html = _page(as_admin, "/admin/organisations", lang)
    for text in listing:
        assert text in html
    html = _page(as_admin, f"/admin/organisations/{submitted_pair[1]}", lang)
    for text in detail:
        assert text in html
    assert "Conflicts of interest" not in html and "Save the assignment" not in html


@pytest.mark.parametrize(
    ("lang", "listing", "issued_on"),
    [
        (
            GERMAN,
            ["<h1>Zertifikate</h1>", ">Zertifikate suchen<", ">Gültig<"],
            r"\d\d\.\d\d\.\d{4}",
        ),
        (
            FRENCH,
            ["<h1>Certificats</h1>", ">Rechercher des certificats<", ">Valide<"],
            r"\d+ \w+\.? \d{4}",
        ),
    ],
)
def test_the_certificate_list_is_translated(as_admin, number, lang, listing, issued_on):
    html = _page(as_admin, "/admin/certificates", lang)
    for text in listing:
        assert text in html
    assert re.search(rf"<td>{issued_on}</td>", html)
    assert not re.search(r"<td>\d{4}-\d\d-\d\d</td>", html)  # no ISO dates for people


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            GERMAN,
            [
                "Das Zertifikat {number} ist jetzt ausgesetzt.",
                "<h1>Zertifikat {number}</h1>",
                '<strong class="status status-suspended">Ausgesetzt</strong>',
                "<h2>Verlauf</h2>",
                '<span class="change">gültig → ausgesetzt</span>',
                "<dt>Grund:</dt><dd>Mitglieder werden geprüft.</dd>",
                "<dt>Ersetzt:</dt><dd>keine</dd>",
                ">Selbstbewertung von Łódzki Klaster ICT (",
                ">Zertifikat wieder in Kraft setzen</label>",
            ],
        ),
        (
            FRENCH,
            [
                "Le certificat {number} est désormais suspendu.",
                "<h1>Certificat {number}</h1>",
                '<strong class="status status-suspended">Suspendu</strong>',
                "<h2>Historique</h2>",
                '<span class="change">valide → suspendu</span>',
                "<dt>Motif :</dt><dd>Mitglieder werden geprüft.</dd>",
                "<dt>Remplace :</dt><dd>aucun</dd>",
                ">Auto-évaluation de Łódzki Klaster ICT (",
                ">Rétablir le certificat</label>",
            ],
        ),
    ],
)
def test_a_certificate_and_its_history_read_in_the_readers_language(as_admin, number, lang, texts):
    path = f"/admin/certificates/{number}"
    page = _page(as_admin, path, lang)
    version = re.search(r'name="row_version" type="hidden" value="(\d+)"', page).group(1)
    token = csrf_token(as_admin, path)
    # A reason of spaces only: the service's refusal, next to the field, translated.
    refused = as_admin.post(
        path,
        query_string={"lang": lang},
        data={"csrf_token": token, "row_version": version, "action": "suspend", "reason": "  "},
    )
    assert refused.status_code == 200
    reason_error = {
        GERMAN: "Geben Sie den Grund an; er wird öffentlich angezeigt.",
        FRENCH: "Indiquez le motif ; il est affiché publiquement.",
    }[lang]
    assert reason_error in refused.get_data(as_text=True)
    done = as_admin.post(
        path,
        query_string={"lang": lang},
        data={
            "csrf_token": token,
            "row_version": version,
            "action": "suspend",
            "reason": "Mitglieder werden geprüft.",
        },
        follow_redirects=True,
    )
    html = done.get_data(as_text=True)
    assert _lang(html) == lang
    for text in texts:
        assert text.format(number=number) in html, text
    assert "History" not in html and "Self-assessment of" not in html
    assert "valid → suspended" not in html


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            GERMAN,
            [
                "<h1>Kriterienversionen</h1>",
                "<h2>Zwei Versionen vergleichen</h2>",
                "<td>veröffentlicht</td>",
                "<strong>aktuell</strong>",
                "cluster-excellence 2025.1 zur aktuellen Version machen",
            ],
        ),
        (
            FRENCH,
            [
                "<h1>Versions des critères</h1>",
                "<h2>Comparer deux versions</h2>",
                "<td>publiée</td>",
                "<strong>courante</strong>",
                "Faire de cluster-excellence 2025.1 la version courante",
            ],
        ),
    ],
)
def test_the_criteria_versions_are_translated(as_admin, submitted_pair, lang, texts):
    html = _page(
        as_admin,
        "/admin/criteria?old=cluster-excellence|2025.1&new=cluster-excellence|2026.1",
        lang,
    )
    for text in texts:
        assert text in html, text
    assert "Compare two versions" not in html and "What changed" not in html


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            GERMAN,
            [
                "<h1>Statistik</h1>",
                "Mittlere Dauer von der Einreichung bis zur Entscheidung:",
                'aria-label="Selbstbewertungen nach Status"',
                ">Eingereicht</text>",
                "Es wurde noch kein Label vergeben.",
            ],
        ),
        (
            FRENCH,
            [
                "<h1>Statistiques</h1>",
                "Durée médiane entre la soumission et la décision :",
                'aria-label="Auto-évaluations par état"',
                ">Soumise</text>",
                "Aucun label n’a encore été attribué.",
            ],
        ),
    ],
)
def test_the_statistics_are_translated(as_admin, submitted_pair, lang, texts):
    html = _page(as_admin, "/admin/statistics", lang)
    for text in texts:
        assert text in html, text
    assert ">Submitted</text>" not in html


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (GERMAN, ["<h1>Prüfprotokoll</h1>", ">Filtern</button>", "neueste zuerst (Seite 1 von 1)"]),
        (FRENCH, ["<h1>Journal d’audit</h1>", ">Filtrer</button>", "(page 1 sur 1)"]),
    ],
)
def test_the_audit_log_is_translated(as_admin, number, lang, texts):
    html = _page(as_admin, "/admin/audit", lang)
    for text in texts:
        assert text in html, text
    assert "newest first" not in html
