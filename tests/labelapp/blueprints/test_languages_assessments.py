"""The self-assessment's pages in German and French: the overview with what is missing,
a page of criteria, a page of indicators with its thresholds, a refused number and the
comparison with the previous assessment (decision 21)."""

from __future__ import annotations

import html as markup

import pytest
from sqlalchemy import select

from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from tests.fixtures.app import submit
from tests.labelapp.blueprints.manager_helpers import create_organisation
from tests.labelapp.blueprints.manager_helpers import publish_criteria
from tests.labelapp.blueprints.manager_helpers import row_version
from tests.labelapp.blueprints.manager_helpers import start_assessment

NNBSP = "\u202f"  # French groups thousands with a narrow no-break space


@pytest.fixture
def signed_in(app, client, login_as, manager):
    publish_criteria(app)
    login_as(manager)
    return client


@pytest.fixture
def overview(signed_in):
    return start_assessment(signed_in, create_organisation(signed_in))


def _page(client, path: str, lang: str) -> str:
    response = client.get(f"{path}{'&' if '?' in path else '?'}lang={lang}")
    assert response.status_code == 200
    return markup.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            "de",
            [
                "<title>Selbstbewertung von Łódzki Klaster ICT",
                "Status: <strong>Entwurf</strong>. Kriterien cluster-excellence 2026.1.",
                "Einträge sind noch zu vervollständigen</h2>",
                "</a>: Antwort fehlt</li>",
                "Bisherige Punktzahl",
                "Mit diesen Antworten erreichte Stufe</dt><dd><strong>noch keine</strong>",
                "Fortschritt je Seite",
                ">Zur Begutachtung einreichen</button>",
            ],
        ),
        (
            "fr",
            [
                "<title>Auto-évaluation de Łódzki Klaster ICT",
                "Statut : <strong>Brouillon</strong>. Critères cluster-excellence 2026.1.",
                "éléments à compléter</h2>",
                "</a> : réponse manquante</li>",
                "Score à ce stade",
                "Niveau atteint avec ces réponses</dt><dd><strong>aucun pour l’instant</strong>",
                "Avancement par page",
                ">Soumettre pour évaluation</button>",
            ],
        ),
    ],
)
def test_the_overview_and_what_is_missing(signed_in, overview, lang, texts):
    page = _page(signed_in, f"{overview}?missing=listed", lang)
    for text in texts:
        assert text in page, text
    assert "Before you can submit" not in page and "Score so far" not in page


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            "de",
            [
                "Auf dieser Seite",
                "<legend>Reifegrad: ",
                "Begründung",
                'value="Entwurf speichern"',
            ],
        ),
        (
            "fr",
            [
                "Sur cette page",
                "<legend>Maturité : ",
                "Justification",
                'value="Enregistrer le brouillon"',
            ],
        ),
    ],
)
def test_a_page_of_criteria(signed_in, overview, lang, texts):
    page = _page(signed_in, f"{overview}/sections/leadership", lang)
    for text in texts:
        assert text in page, text
    assert "Save draft" not in page and "Maturity of" not in page


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            "de",
            [
                "Erfüllt bei einer Antwort von mindestens 0,5 ",
                " — <strong>Mindestanforderung für jede Stufe</strong>.</p>",
                "Erfüllt, wenn die Antwort „Ja“ lautet.</p>",
                "Erfüllt bei einer Antwort von mindestens 3 ",
                "Profil der Organisation übernommen (2,5 VZÄ Personal im Clustermanagement)",
                "Quelle und Kommentar",
            ],
        ),
        (
            "fr",
            [
                "Atteint lorsque la réponse est d’au moins 0,5 ",
                " — <strong>exigence minimale pour chaque niveau</strong>.</p>",
                "Atteint lorsque la réponse est Oui.</p>",
                "Repris du profil de l’organisation (2,5 ETP de personnel de gestion du cluster).",
                "Source et commentaire",
            ],
        ),
    ],
)
def test_a_page_of_indicators_words_its_thresholds(signed_in, overview, lang, texts):
    page = _page(signed_in, f"{overview}/indicators/governance", lang)
    for text in texts:
        assert text in page, text
    assert "Met when" not in page and "minimum requirement" not in page


@pytest.mark.parametrize(
    ("lang", "refusal", "summary"),
    [
        (
            "de",
            "Geben Sie eine Zahl von 0 bis 100.000 ein.",
            "1 Feld erfordert Ihre Aufmerksamkeit; alles andere auf dieser Seite wurde gespeichert",
        ),
        (
            "fr",
            f"Saisissez un nombre de 0 à 100{NNBSP}000.",
            "1 champ demande votre attention ; tout le reste de cette page a été enregistré.",
        ),
    ],
)
def test_a_refused_number_says_why_in_the_readers_language(
    signed_in, overview, lang, refusal, summary
):
    path = f"{overview}/indicators/structure?lang={lang}"
    response = submit(
        signed_in,
        path,
        {
            "row_version": row_version(signed_in, path),
            "value__committed-members": "-1",
            "value__member-types": "4",
        },
    )
    assert response.status_code == 200
    page = markup.unescape(response.get_data(as_text=True))
    assert f'<div class="error" id="value__committed-members-error"><p>{refusal}</p>' in page
    assert summary in page


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            "de",
            [
                "Was sich seit der vorigen Selbstbewertung geändert hat",
                ", genehmigt).</p>",
                '<th scope="col">Kriterium oder Indikator</th>',
                "<td>verbessert</td>",
                "<td>unverändert</td>",
            ],
        ),
        (
            "fr",
            [
                "Ce qui a changé depuis l’auto-évaluation précédente",
                ", approuvée).</p>",
                '<th scope="col">Critère ou indicateur</th>',
                "<td>amélioré</td>",
                "<td>inchangé</td>",
            ],
        ),
    ],
)
def test_the_comparison_with_the_previous_assessment(signed_in, session, lang, texts):
    organisation = create_organisation(signed_in)
    for value in ("25", "75"):
        overview = start_assessment(signed_in, organisation)
        page = f"{overview}/sections/leadership"
        version = row_version(signed_in, page)
        submit(signed_in, page, {"row_version": version, "value__leadership-vision": value})
        if value == "25":
            first = session.scalar(select(Assessment))
            first.status = AssessmentStatus.APPROVED
            session.commit()
    page = _page(signed_in, f"{overview}/compare", lang)
    for text in texts:
        assert text in page, text
    assert "improved" not in page.replace('class="change-improved"', "")
