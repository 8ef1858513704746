"""Benchmarking report data: one organisation among thousands of approved peers.

The database holds ``organisations`` organisations (15 countries, the 14 ecosystems,
the 4 size bands), each with one approved assessment on criteria version
cluster-excellence 2026.1 (whose levels one assessment can reach) and its validated
results, one row per section and per indicator, made as the approval path makes them
(``validated_results._rows`` of a scored random answer set that reaches a level). The
data goes in in bulk and is not measured.

Measured, for a few organisations, each run in a fresh session with the organisation
already loaded (as a request's view has it): the wall time of ``build_report_data``
and the SQL statements it sends (a ``before_cursor_execute`` listener on the engine).

Targets: under 500 ms (median and p95) on SQLite and PostgreSQL, in exactly
``STATEMENTS`` statements whatever the number of organisations. Baselines, measured
in the same run, interleaved: a plain select of the organisation by id, and one
peer-group read (``version_rows``: the whole version's section results, one row per
organisation and section, as the report read them before its figures were summed up
in SQL).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session
from sqlalchemy.orm import object_mapper

from assessment import Scheme
from assessment import load_criteria
from assessment import score
from assessment.model import BooleanAnswer
from assessment.model import ChoiceAnswer
from assessment.model import Indicator
from assessment.model import NumberAnswer
from labelapp.certificates.content import CertificateContent
from labelapp.db import make_engine
from labelapp.ecosystems import ECOSYSTEMS
from labelapp.migrate import upgrade_database
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import IndicatorResult
from labelapp.models import Organisation
from labelapp.models import Role
from labelapp.models import SectionResult
from labelapp.models import User
from labelapp.resources import criteria_dir
from labelapp.services import criteria as criteria_service
from labelapp.services.benchmark_report import report_for
from labelapp.services.report_content import content_of
from labelapp.services.report_content import pdf_of
from labelapp.services.validated_results import result_rows as validated_rows
from tests.fixtures.database import scratch_database

TARGET_MS = 500.0  # building one organisation's report data
SCHEME = "cluster-excellence"
SCHEME_VERSION = "2026.1"
# A first reading of new inputs (each measured session is rolled back, so every run is
# one): 4 for all the groups at once (the organisation's latest approved assessment,
# its groups' members, the sections' and the indicators' figures); 1 for the latest
# report record and 3 to record the new one (savepoint, insert, release); 1 for the
# assessment's criteria version; 2 to read its validated criteria (review, answers).
# A later reading with the same inputs takes 8. Per-group, per-organisation or per-row
# queries would grow with the groups or the data.
STATEMENTS = 11
COUNTRIES = [
    "DE", "FR", "IT", "ES", "PL", "NL", "BE", "AT", "SE", "DK", "FI", "CZ", "PT", "IE", "HU",
]  # fmt: skip
ECOSYSTEM_IDS = list(ECOSYSTEMS)
SIZE_BANDS = [(15, 49), (50, 149), (150, 499), (500, 3000)]  # members; 15: the knock-out


MEASURED = "report_for + content_of, as the report page builds it"
PDF_TARGET_MS = 1000.0


def build_report_data(session: Session, organisation: Organisation) -> Any:
    """What is measured (``MEASURED``): one organisation's report as its page reads it:
    the comparisons in every group, the report record, the improvement areas and the
    texts in English. Returns its sections' and indicators' comparisons."""
    report = report_for(session, organisation)
    assert report is not None
    content_of(report, "en")
    return report.sections, report.indicators


def _render_pdf(session: Session, organisation: Organisation) -> Any:
    report = report_for(session, organisation)
    assert report is not None
    started = time.perf_counter()
    pdf = pdf_of(report, "en")
    return time.perf_counter() - started, len(pdf)


def _render_certificate(_session: Session, _organisation: Organisation) -> Any:
    """The baseline of the PDF: one certificate through the same pipeline."""
    from labelapp.certificates.rendering import renderer

    content = CertificateContent(
        number="CEL-2026-00001",
        organisation="Klaster Łódzki Cyfrowy",
        country="Poland",
        level="Silver — dedicated to excellence",
        scheme="Cluster Excellence Label",
        criteria_version="2026.1",
        issued_on=date(2026, 11, 30),
        valid_until=date(2028, 11, 30),
        verify_url="https://label.example.org/verify/CEL-2026-00001",
        issuer="Cluster Excellence Label",
    )
    started = time.perf_counter()
    pdf = renderer().render(content)
    return time.perf_counter() - started, len(pdf)


def version_rows(session: Session, criteria_version_id: int) -> list[Any]:
    """The baseline: the whole version's validated section results, one row per
    organisation and section (each organisation's latest approved assessment), read
    into Python as the report's data once was."""
    ranked = (
        select(
            Assessment.id,
            func.row_number()
            .over(
                partition_by=Assessment.organisation_id,
                order_by=(Assessment.decided_at.desc(), Assessment.id.desc()),
            )
            .label("newest"),
        )
        .where(Assessment.status == AssessmentStatus.APPROVED)
        .subquery()
    )
    latest = select(ranked.c.id).where(ranked.c.newest == 1)
    rows = session.execute(
        select(SectionResult.section_id, SectionResult.percent, SectionResult.assessment_id)
        .join(Organisation, Organisation.id == SectionResult.organisation_id)
        .where(
            SectionResult.criteria_version_id == criteria_version_id,
            SectionResult.assessment_id.in_(latest),
        )
    )
    return [(section_id, Decimal(percent), found) for section_id, percent, found in rows]


# --- data ------------------------------------------------------------------------------


def _number(indicator: Indicator, spec: NumberAnswer, quality: float, rng: random.Random) -> Any:
    """Around the threshold: a better organisation lands above it more often."""
    threshold = indicator.threshold
    limit = threshold.at_least if threshold.at_least is not None else threshold.at_most
    assert limit is not None
    factor = Decimal(str(round(2.718 ** rng.gauss(0.8 * quality - 0.2, 0.6), 4)))
    centre = max(limit, Decimal(1))
    value = centre * factor if threshold.at_least is not None else centre / factor
    if indicator.knockout:  # every approved assessment meets its knock-outs
        value = max(value, limit) if threshold.at_least is not None else min(value, limit)
    value = min(max(value, spec.minimum), spec.maximum)
    return int(value.to_integral_value()) if spec.integer else value.quantize(Decimal("0.01"))


def _answers(
    scheme: Scheme, quality: float, members: int, research: int, rng: random.Random
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for criterion in scheme.criteria:
        top = len(criterion.scale) - 1
        answers[criterion.id] = criterion.scale[round(rng.triangular(0, top, quality * top))].value
    for indicator in scheme.indicators:
        spec, threshold = indicator.answer, indicator.threshold
        meets = indicator.knockout or rng.random() < 0.45 + 0.5 * quality
        if indicator.id == "committed-members":
            answers[indicator.id] = members
        elif indicator.id == "research-members":
            answers[indicator.id] = research
        elif isinstance(spec, NumberAnswer):
            answers[indicator.id] = _number(indicator, spec, quality, rng)
        elif isinstance(spec, ChoiceAnswer):
            good = list(threshold.one_of or ())
            bad = [option.id for option in spec.options if option.id not in good]
            answers[indicator.id] = rng.choice(good if meets or not bad else bad)
        else:
            assert isinstance(spec, BooleanAnswer)
            answers[indicator.id] = threshold.equals if meets else not threshold.equals
    return answers


def _columns(row: SectionResult | IndicatorResult) -> dict[str, Any]:
    return {
        attribute.key: getattr(row, attribute.key)
        for attribute in object_mapper(row).column_attrs
        if attribute.key != "id"
    }


def make_data(count: int, seed: int = 15) -> dict[str, list[dict[str, Any]]]:
    """The rows of ``count`` organisations with one approved assessment each (any
    backend; ``criteria_version_id`` is set when inserting)."""
    scheme = load_criteria(criteria_dir() / f"{SCHEME}-{SCHEME_VERSION}.yaml")
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    data: dict[str, list[dict[str, Any]]] = {
        "organisation": [],
        "assessment": [],
        "section_result": [],
        "indicator_result": [],
    }
    for seq in range(1, count + 1):
        low, high = rng.choice(SIZE_BANDS)
        members = rng.randint(low, high)
        research = max(2, round(members * rng.uniform(0.03, 0.2)))
        country = rng.choice(COUNTRIES)
        data["organisation"].append(
            {
                "id": seq,
                "slug": f"bench-{seq}",
                "name": f"Bench Cluster {seq:05d}",
                "country": country,
                "ecosystem": rng.choice(ECOSYSTEM_IDS),
                "member_firms": members - research,
                "member_smes": round((members - research) * rng.uniform(0.5, 0.9)),
                "member_research": research,
                "staff_fte": Decimal(rng.randint(50, 2500)) / 100,
            }
        )
        quality = rng.uniform(0.2, 1.0)
        while True:  # an approved assessment reached a level
            result = score(scheme, _answers(scheme, quality, members, research, rng))
            if result.level is not None:
                break
            quality = min(1.0, quality + 0.05)
        decided = now - timedelta(days=rng.randrange(730), minutes=rng.randrange(1440))
        data["assessment"].append(
            {
                "id": seq,
                "organisation_id": seq,
                "criteria_version_id": 0,
                "status": AssessmentStatus.APPROVED,
                "round": 1,
                "created_by_id": 1,
                "created_at": decided - timedelta(days=60),
                "updated_at": decided,
                "submitted_at": decided - timedelta(days=30),
                "review_started_at": decided - timedelta(days=20),
                "decided_at": decided,
                "approved_level": result.level,
            }
        )
        pinned = Assessment(id=seq, organisation_id=seq, criteria_version_id=0)
        for row in validated_rows(pinned, result):
            table = "section_result" if isinstance(row, SectionResult) else "indicator_result"
            data[table].append(_columns(row))
    return data


def _populate(engine: Engine, data: dict[str, list[dict[str, Any]]]) -> int:
    """Migrate, publish the bundled criteria as ``labelapp init`` does, insert the data;
    returns the id of the version the data is pinned to."""
    upgrade_database(engine)
    with Session(engine) as session:
        criteria_service.publish_bundled(session)
        # The peers of a report are those of its assessment's version, whichever is current.
        version_id = criteria_service.get_version(session, SCHEME, SCHEME_VERSION).id
        session.commit()
    pinned = {"criteria_version_id": version_id}
    with engine.begin() as connection:
        connection.execute(
            insert(User),
            [
                {
                    "id": 1,
                    "email": "bench@example.test",
                    "display_name": "Bench",
                    "password_hash": "not-a-hash",
                    "role": Role.ADMIN,
                }
            ],
        )
        connection.execute(insert(Organisation), data["organisation"])
        for model in (Assessment, SectionResult, IndicatorResult):
            rows = data[model.__tablename__]
            connection.execute(insert(model), [{**row, **pinned} for row in rows])
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    return version_id


# --- measuring -------------------------------------------------------------------------


class _Statements:
    """Counts the statements sent on an engine while listening."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.count = 0

    def _seen(self, *_args: Any) -> None:
        self.count += 1

    def __enter__(self) -> _Statements:
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


def _timed(
    engine: Engine, organisation_id: int, call: Callable[[Session, Organisation], Any]
) -> tuple[float, int, Any]:
    """Seconds and statements of ``call`` in a fresh session holding the organisation."""
    with Session(engine) as session:
        organisation = session.get(Organisation, organisation_id)
        assert organisation is not None
        with _Statements(engine) as statements:
            started = time.perf_counter()
            answer = call(session, organisation)
            elapsed = time.perf_counter() - started
        return elapsed, statements.count, answer


def _p95(samples: list[float]) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def _measure(engine: Engine, version_id: int, samples: list[int], runs: int) -> dict[str, Any]:
    def by_id(session: Session, organisation: Organisation) -> Any:
        session.expunge(organisation)  # so that get() selects it again
        return session.get(Organisation, organisation.id)

    def one_group(session: Session, _organisation: Organisation) -> Any:
        return version_rows(session, version_id)

    for organisation_id in samples[:2]:  # warm up: statement caches, the scheme's loading
        _timed(engine, organisation_id, build_report_data)
        _timed(engine, organisation_id, one_group)
    times: dict[str, list[float]] = {"report": [], "by_id": [], "group": []}
    counts: set[int] = set()
    shown = 0
    for _ in range(runs):  # interleaved: a drift of the machine favours none
        for organisation_id in samples:
            times["by_id"].append(_timed(engine, organisation_id, by_id)[0])
            times["group"].append(_timed(engine, organisation_id, one_group)[0])
            elapsed, count, (sections, indicators) = _timed(
                engine, organisation_id, build_report_data
            )
            times["report"].append(elapsed)
            counts.add(count)
            shown = sum(
                1 for item in [*sections, *indicators] for f in item.figures if f.spread is not None
            )
    # The PDF in a warm worker (the renderers' fonts, stylesheets and templates made
    # once), rendering alone, against a certificate through the same pipeline.
    _timed(engine, samples[0], _render_pdf)
    _timed(engine, samples[0], _render_certificate)
    for organisation_id in samples:
        times.setdefault("pdf", []).append(_timed(engine, organisation_id, _render_pdf)[2][0])
        times.setdefault("certificate", []).append(
            _timed(engine, organisation_id, _render_certificate)[2][0]
        )
    ms = {name: [t * 1000 for t in values] for name, values in times.items()}
    median = {name: statistics.median(values) for name, values in ms.items()}
    p95 = _p95(ms["report"])
    return {
        "runs": len(ms["report"]),
        "report_ms": median["report"],
        "report_p95_ms": p95,
        "by_id_ms": median["by_id"],
        "group_ms": median["group"],
        "report_vs_by_id": median["report"] / median["by_id"],
        "report_vs_group": median["report"] / median["group"],
        "statements": max(counts),
        "statement_counts": sorted(counts),
        "sections": len(sections),
        "indicators": len(indicators),
        "figures_shown": shown,
        "target_met": p95 < TARGET_MS and counts == {STATEMENTS},
        "pdf_ms": median["pdf"],
        "certificate_ms": median["certificate"],
        "pdf_target_met": max(ms["pdf"]) < PDF_TARGET_MS,
    }


def run_benchmarking(
    organisations: int = 5_000,
    backends: tuple[str, ...] = ("sqlite", "postgresql"),
    sample: int = 5,
    runs: int = 5,
) -> dict[str, Any]:
    """Measure each backend; ``{"organisations", "setup_s", backend: figures}``."""
    started = time.perf_counter()
    data = make_data(organisations)
    figures: dict[str, Any] = {
        "organisations": organisations,
        "section_results": len(data["section_result"]),
        "indicator_results": len(data["indicator_result"]),
        "levels": dict(Counter(row["approved_level"] for row in data["assessment"])),
        "sample": sample,
        "make_data_s": time.perf_counter() - started,
    }
    samples = random.Random(7).sample(range(1, organisations + 1), min(sample, organisations))
    for backend in backends:
        with (
            tempfile.TemporaryDirectory(prefix="labelapp-bench-benchmarking-") as name,
            scratch_database(backend, Path(name)) as url,
        ):
            engine = make_engine(url)
            try:
                started = time.perf_counter()
                version_id = _populate(engine, data)
                filled = time.perf_counter() - started
                figures[backend] = {
                    "populate_s": filled,
                    **_measure(engine, version_id, samples, runs),
                }
            finally:
                engine.dispose()
    return figures


def _ms(value: float) -> str:
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"


def report_benchmarking(figures: dict[str, Any]) -> str:
    lines = [
        f"benchmarking report data ({MEASURED}) among "
        f"{figures['organisations']:,} organisations with one approved assessment each "
        f"({figures['section_results']:,} section and {figures['indicator_results']:,} "
        f"indicator results; {len(COUNTRIES)} countries, {len(ECOSYSTEM_IDS)} ecosystems, "
        f"{len(SIZE_BANDS)} size bands; levels {figures['levels']}); "
        f"{figures['sample']} organisations, a fresh session each run "
        f"(data made in {figures['make_data_s']:.1f} s)"
    ]
    for backend in ("sqlite", "postgresql"):
        if backend not in figures:
            continue
        f = figures[backend]
        counts = "/".join(str(n) for n in f["statement_counts"])
        lines += [
            f"  {backend} (filled in {f['populate_s']:.1f} s), median of {f['runs']} runs:",
            f"    baseline, select of the organisation by id: {_ms(f['by_id_ms'])}",
            f"    baseline, one peer-group read (version_rows, one row per result): "
            f"{_ms(f['group_ms'])}",
            f"    report data: median {_ms(f['report_ms'])}, p95 {_ms(f['report_p95_ms'])} "
            f"= {f['report_vs_by_id']:,.0f}x the select by id, "
            f"{f['report_vs_group']:.1f}x the group query; {counts} SQL statements "
            f"(bound {STATEMENTS}); {f['sections']} sections and {f['indicators']} "
            f"indicators, {f['figures_shown']} figures shown",
            f"    target under {TARGET_MS:g} ms (p95) in {STATEMENTS} statements: "
            f"{'PASS' if f['target_met'] else 'FAIL'}",
            f"    report PDF: median {_ms(f['pdf_ms'])} = "
            f"{f['pdf_ms'] / f['certificate_ms']:.1f}x a certificate's "
            f"({_ms(f['certificate_ms'])}); target under {PDF_TARGET_MS:g} ms (slowest): "
            f"{'PASS' if f['pdf_target_met'] else 'FAIL'}",
        ]
    return "\n".join(lines)


if __name__ == "__main__":  # this benchmark alone: python -m tests.bench.benchmarking
    print(report_benchmarking(run_benchmarking()))
