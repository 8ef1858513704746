"""The public pages in German and French: home, verification, the registry, a certificate's
page, the badge and the error pages (issue 14)."""

from __future__ import annotations

import pytest

from labelapp.certificates.numbering import CertificateNumber
from labelapp.db import db_session
from tests.labelapp.services.factories import issued

# Well formed, with the right check letter, but never issued.
NEVER_ISSUED = CertificateNumber("CEL", 2020, 1).text

# language -> page -> texts that page shows in that language
EXPECTED = {
    "de": {
        "home": [
            "<title>Startseite",
            "<strong>Selbstbewertung.</strong>",
            ">Als Clustermanager registrieren</a> oder",
        ],
        "verify": [
            "<h1>Zertifikat prüfen</h1>",
            '<h2 id="lookup-title">Nummer suchen</h2>',
            "Zertifikatsnummer",
            "Höchstens 2 MB.",
            '<button type="submit">Zertifikat suchen</button>',
        ],
        "typo": [
            "Die aufgerufene Adresse nennt kein Zertifikat dieses Labels.",
        ],
        "never": [
            "Dieses Label hat kein Zertifikat mit dieser Nummer ausgestellt.",
        ],
        "registry": [
            "<h1>Verzeichnis der Organisationen mit Label</h1>",
            "Clusterorganisationen mit einem am ",
            '<option value="">Alle Länder</option>',
            "Verzeichnis durchsuchen</button>",
            '<th scope="col">Gültig bis</th>',
        ],
        "certificate": [
            "<h1>Zertifikat CEL-",
            "Gültig</span></h2>",
            "<dt>Ausgestellt am</dt>",
            ">Zertifikat herunterladen (PDF)</a>",
        ],
        "badge": ["Silber · gültig"],  # the level as the German criteria name it
        "unknown badge": ["Zertifikat nicht gefunden"],
        "error": ["<h1>Seite nicht gefunden</h1>", "Fehler 404", ">Zur Startseite</a>"],
    },
    "fr": {
        "home": [
            "<title>Accueil",
            "<strong>Auto-évaluation.</strong>",
            ">S’inscrire comme manager de cluster</a> ou",
        ],
        "verify": [
            "<h1>Vérifier un certificat</h1>",
            '<h2 id="lookup-title">Rechercher un numéro</h2>',
            "Numéro du certificat",
            "2 Mo au maximum.",
            '<button type="submit">Rechercher le certificat</button>',
        ],
        "typo": [
            "L’adresse que vous avez suivie ne désigne aucun certificat de ce label.",
        ],
        "never": [
            "Ce label n’a délivré aucun certificat portant ce numéro.",
        ],
        "registry": [
            "<h1>Registre des organisations labellisées</h1>",
            "Organisations de gestion de cluster titulaires d’un label valable au ",
            '<option value="">Tous les pays</option>',
            "Rechercher dans le registre</button>",
            '<th scope="col">Valable jusqu’au</th>',
        ],
        "certificate": [
            "<h1>Certificat CEL-",
            "Valide</span></h2>",
            "<dt>Délivré le</dt>",
            ">Télécharger le certificat (PDF)</a>",
        ],
        "badge": ["Silver · valide"],
        "unknown badge": ["certificat introuvable"],
        "error": ["<h1>Page introuvable</h1>", "Erreur 404", ">Aller à la page d’accueil</a>"],
    },
}


@pytest.fixture
def number(app, manager) -> str:
    """A valid silver certificate's number."""
    with app.app_context():
        made = issued(db_session(), db_session().merge(manager))
        db_session().commit()
        return made.number


def _typo(number: str) -> str:
    return number[:-3] + ("7" if number[-3] != "7" else "8") + number[-2:]


@pytest.mark.parametrize("code", ["de", "fr"])
def test_the_public_pages_speak_the_chosen_language(client, number, code):
    expected = EXPECTED[code]
    pages = {
        "home": (f"/?lang={code}", 200),
        "verify": (f"/verify?lang={code}", 200),
        "typo": (f"/verify/{_typo(number)}?lang={code}", 404),
        "never": (f"/verify/{NEVER_ISSUED}?lang={code}", 404),
        "registry": (f"/registry?lang={code}", 200),
        "certificate": (f"/verify/{number}?lang={code}", 200),
        "badge": (f"/badge/{number}.svg?lang={code}", 200),
        "unknown badge": (f"/badge/{NEVER_ISSUED}.svg?lang={code}", 404),
        "error": (f"/no-such-page?lang={code}", 404),
    }
    for page, (address, status) in pages.items():
        response = client.get(address)
        assert response.status_code == status, address
        text = response.get_data(as_text=True)
        for wanted in expected[page]:
            assert wanted in text, (page, wanted)
    # The English stays English.
    assert "Page not found" in client.get("/no-such-page?lang=en").get_data(as_text=True)


@pytest.mark.parametrize(
    ("code", "day"), [("de", "1. Juni 2026"), ("fr", "1 juin 2026"), ("en", "1 June 2026")]
)
def test_the_registry_writes_its_day_in_the_readers_way(client, number, monkeypatch, code, day):
    from datetime import date

    from labelapp.services import certificates

    monkeypatch.setattr(certificates, "today", lambda: date(2026, 6, 1))
    page = client.get(f"/registry?lang={code}").get_data(as_text=True)
    assert day in page


def test_the_api_and_its_errors_stay_english(client, number):
    body = client.get("/api/v1/no-such-thing?lang=de").get_json()
    assert body["error"]["title"] == "Page not found"
