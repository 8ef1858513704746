"""/statistics and its CSV, for anyone: the figures, their language, their filter, their
cache headers, and cells a spreadsheet would run."""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from sqlalchemy import update

from labelapp.db import db_session
from labelapp.models import Certificate
from labelapp.services import certificates
from labelapp.services.actor import SYSTEM
from labelapp.web.settings import issuing
from tests.labelapp.services.factories import change_status
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import labelled_with_result

DIGITAL = ["90", "10", "40", "20", "80"]  # median 40
HEALTH = ["70", "75", "80", "85"]  # four: never shown


@pytest.fixture
def labels(app, manager) -> list[str]:
    """Five German digital clusters and four Polish health ones with validated results,
    and an Austrian gold label; the certificate numbers."""
    with app.app_context():
        session = db_session()
        owner = session.merge(manager)
        made = []
        for country, ecosystem, percents in (("DE", "digital", DIGITAL), ("PL", "health", HEALTH)):
            for number, percent in enumerate(percents):
                name = f"{ecosystem} {number}"
                assessment = labelled_with_result(
                    session, owner, name, percent, country=country, ecosystem=ecosystem
                )
                made.append(certificates.issue(session, SYSTEM, assessment, issuing()).number)
        made.append(issued(session, owner, "gold", name="Goldener Cluster", country="AT").number)
        session.commit()
        return made


class _Tables(HTMLParser):
    """The page's tables as rows of cell texts (an SVG's text included, as a copy has
    it), each with the headings it stands under and the hint before it."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[dict[str, str], list[list[str]]]] = []
        self._headings: dict[str, str] = {}
        self._text: list[str] | None = None  # a heading's or a hint's, being read
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3", "h4") or (tag == "p" and ("class", "hint") in attrs):
            self._headings = {k: v for k, v in self._headings.items() if k < tag or tag == "p"}
            self._text = []
        elif tag == "table":
            self._rows = []
            self.tables.append((dict(self._headings), self._rows))
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("th", "td") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("h2", "h3", "h4", "p") and self._text is not None:
            self._headings[tag] = " ".join(" ".join(self._text).split())
            self._text = None
        elif tag == "table":
            self._rows = None
        elif tag in ("th", "td") and self._rows is not None and self._cell is not None:
            self._rows[-1].append(" ".join(" ".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        for found in (self._text, self._cell):
            if found is not None:
                found.append(data)


def _page_figures(html: str) -> set[tuple[str, str, str, str]]:
    """(figure, group, section, value) of every figure the page shows."""
    parsed = _Tables()
    parsed.feed(html)
    found = set()
    for headings, (_header, *body) in parsed.tables:
        if "h3" not in headings:  # a count: (name, figure)
            found |= {(headings["h2"], name, "", count) for name, count in body}
        else:  # an ecosystem's medians under its version: (section, median)
            size = headings["p"].split()[0]
            group = f"{headings['h4']} ({size})"
            found |= {(headings["h2"], group, f"{headings['h3']}: {s}", v) for s, v in body}
    return found


def _csv_figures(text: str) -> set[tuple[str, str, str, str]]:
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    found = set()
    for figure, group, _code, version, section, labels, median in rows[1:]:
        if median:
            shown = Decimal(median).quantize(Decimal("0.1"), ROUND_HALF_UP)
            found.add((figure, f"{group} ({labels})", f"{version}: {section}", f"{shown} %"))
        else:
            found.add((figure, group, "", labels))
    return found


def _csv(client, *args, **kwargs) -> list[list[str]]:
    response = client.get(*args, **kwargs)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))


def test_anyone_sees_the_valid_labels_and_the_medians_of_large_enough_groups(client, labels):
    response = client.get("/statistics")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Labels valid on" in html and "10 in all" in html
    for expected in ("Germany", "Poland", "Austria", "Gold — proven excellence", "Digital"):
        assert expected in html
    assert "40.0 %" in html  # the median of 10, 20, 40, 80, 90
    assert "Health" not in html  # four organisations


def test_the_csv_holds_exactly_the_figures_of_the_page(client, labels):
    page = _page_figures(client.get("/statistics").get_data(as_text=True))
    response = client.get("/statistics.csv")

    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="statistics-')
    figures = _csv_figures(response.get_data(as_text=True))
    assert figures == page
    assert ("Valid labels by country", "Germany", "", "5") in figures
    assert len([f for f in figures if f[3].endswith("%")]) == 1  # one section, one group


@pytest.mark.parametrize(
    ("asked", "header", "germany"),
    [
        ({"query_string": {"lang": "de"}}, "Version der Kriterien", "Deutschland"),
        (
            {"headers": {"Accept-Language": "de-DE,de;q=0.9"}},
            "Version der Kriterien",
            "Deutschland",
        ),
        ({"headers": {"Accept-Language": "fr"}}, "Version des critères", "Allemagne"),
    ],
)
def test_the_csv_is_in_the_readers_language(client, labels, asked, header, germany):
    rows = _csv(client, "/statistics.csv", **asked)
    assert header in rows[0] and "Criteria version" not in rows[0]
    assert germany in {row[1] for row in rows[1:]}
    assert client.get("/statistics", **asked).get_data(as_text=True).count(germany) >= 1


def test_a_country_filter_narrows_page_and_csv(client, labels):
    html = client.get("/statistics", query_string={"country": "de"}).get_data(as_text=True)
    assert "Labels valid on" in html and "(Germany): 5 in all" in html
    assert '<option value="DE" selected>' in html
    shown = _page_figures(html)
    assert {group for figure, group, _s, _v in shown if figure.endswith("country")} == {"Germany"}
    rows = _csv(client, "/statistics.csv", query_string={"country": "DE"})
    assert {row[2] for row in rows[1:] if row[0] == "Valid labels by country"} == {"DE"}


def test_a_country_without_labels_is_an_empty_result(client, labels):
    response = client.get("/statistics", query_string={"country": "FR"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "nothing to count" in html and '<option value="FR" selected>' in html
    # No count for France; the medians are of every country, whatever the filter.
    rows = _csv(client, "/statistics.csv", query_string={"country": "FR"})
    assert rows[1:] == _csv(client, "/statistics.csv")[-len(rows) + 1 :]
    assert all(row[0] == rows[1][0] for row in rows[1:])  # medians only


@pytest.mark.parametrize("path", ["/statistics", "/statistics.csv"])
@pytest.mark.parametrize("value", ["XX", "DEU", "D", "1", "<script>", "\x00", "dé", "D" * 5000])
def test_an_unknown_country_is_not_found_never_an_error(client, path, value):
    assert client.get(path, query_string={"country": value}).status_code == 404


@pytest.mark.parametrize("path", ["/statistics", "/statistics.csv"])
def test_answers_are_revalidated_and_change_with_a_revocation(client, labels, admin, app, path):
    first = client.get(path)
    assert first.headers["Cache-Control"] == "no-cache" and first.headers["ETag"]
    assert "Accept-Language" in first.headers["Vary"]
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304

    change_status(app, admin, labels[0], "revoke")

    after = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != first.headers["ETag"]


def test_the_language_is_part_of_the_tag(client, labels):
    english = client.get("/statistics.csv").headers["ETag"]
    german = client.get("/statistics.csv", query_string={"lang": "de"}).headers["ETag"]
    assert english != german


@pytest.mark.parametrize("title", ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "\tx"])
def test_text_a_spreadsheet_would_run_is_written_as_text(client, labels, app, title):
    # A level only an older version knew keeps the title it was issued with.
    with app.app_context():
        db_session().execute(
            update(Certificate)
            .where(Certificate.number == labels[-1])
            .values(level="legacy", level_title=title)
        )
        db_session().commit()
    rows = _csv(client, "/statistics.csv")
    assert ["Valid labels by level", "'" + title, "legacy", "", "", "1", ""] in rows


def test_the_navigation_links_to_the_statistics(client):
    assert 'href="/statistics"' in client.get("/").get_data(as_text=True)
    html = client.get("/statistics").get_data(as_text=True)
    assert '<a href="/statistics" aria-current="page">' in html
    assert "nothing to count" in html and "no median is shown" in html


@pytest.mark.parametrize("app_settings", [{"LABELAPP_LOOKUP_RATE_LIMIT": "2 per minute"}])
def test_the_statistics_spend_the_public_lookup_budget(client, app_settings):
    answers = [
        client.get(path).status_code for path in ("/statistics", "/statistics.csv", "/registry")
    ]
    assert answers == [200, 200, 429]


def test_a_signed_in_visitor_gets_the_page_as_their_own(client, manager, login_as):
    login_as(manager)
    response = client.get("/statistics")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers
