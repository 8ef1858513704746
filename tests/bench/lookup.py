"""Public lookup throughput served as ``labelapp serve`` serves, loaded with wrk on 127.0.0.1.

Both apps run under gunicorn with the command line of ``labelapp serve``
(``labelapp.serving.gunicorn_arguments``: gevent workers, 2 of them), labelapp
with its rate-limit counters in Redis as several workers need. The database holds
``certificates`` valid certificates; wrk (2 threads, 32 connections) asks for
every number once in a shuffled order before repeating any. Baseline, measured in
the same run against the same database: a bare Flask route doing the same
single-row ORM lookup and rendering a small template (``lookup_apps.bare``).

Targets: ``GET /verify/<number>`` at least 0.5× the baseline's requests per
second; the same with ``If-None-Match`` matching its ETag (a 304) at least 1.0×;
the page's p99 at most 2× the baseline's; no errors. The JSON API, registry pages
and a run with every request from another client address (each one a new
counter in Redis, behind a trusted proxy) are measured alongside.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import random
import re
import secrets
import shutil
import subprocess
import tempfile
import time
import uuid
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any

import redis
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import text

from labelapp import create_app
from labelapp.certificates.numbering import CertificateNumber
from labelapp.db import get_database
from labelapp.db import make_engine
from labelapp.migrate import upgrade_database
from labelapp.models import Assessment
from labelapp.models import AssessmentStatus
from labelapp.models import Certificate
from labelapp.models import CertificateStatus
from labelapp.models import CriteriaVersion
from labelapp.models import Organisation
from labelapp.models import Role
from labelapp.models import StoredFile
from labelapp.models import User
from labelapp.services.criteria import publish_bundled
from labelapp.services.registry import search_key
from labelapp.serving import gunicorn_arguments
from tests.bench.lookup_apps import DATABASE_VARIABLE
from tests.bench.lookup_apps import SETTINGS_VARIABLE
from tests.fixtures.app import settings_for_tests
from tests.fixtures.database import scratch_database

TARGET_RATIO = 0.5  # /verify/<n> against the bare route
CONDITIONAL_TARGET = 1.0  # /verify/<n> answered 304 against the bare route
P99_TARGET = 2.0  # the page's p99 at most this multiple of the bare route's
WORKERS = 2
THREADS = 2
CONNECTIONS = 32
# wrk cycles over every certificate in a shuffled order: no number repeats before all
# others were asked for.
ROTATION = 10_000
ROUNDS = 3
SCHEME_VERSION = "2026.1"
LEVELS = [
    ("bronze", "Bronze — committed to excellence"),
    ("silver", "Silver — dedicated to excellence"),
    ("gold", "Gold — proven excellence"),
]
COUNTRIES = ["DE", "FR", "IT", "ES", "NL", "SE", "PL", "AT"]
ROOT = Path(__file__).resolve().parents[2]
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


# --- databases -------------------------------------------------------------------------


def _populate(url: str, count: int, settings: dict[str, Any]) -> list[str]:
    """Migrate, publish the bundled criteria and insert ``count`` certificates; their numbers."""
    engine = make_engine(url)
    try:
        upgrade_database(engine)
        app = create_app({**settings, "DATABASE_URL": url})
        with app.app_context(), get_database(app).sessionmaker() as session:
            publish_bundled(session)
            session.commit()
            version = session.scalars(
                select(CriteriaVersion).where(CriteriaVersion.version == SCHEME_VERSION)
            ).one()
            version_id, scheme, scheme_title = version.id, version.scheme, version.title
        get_database(app).engine.dispose()

        now = datetime.now(UTC)
        today = now.date()
        numbers = [CertificateNumber("CEL", 2026, seq).text for seq in range(1, count + 1)]
        organisations, assessments, rows = [], [], []
        for seq, number in enumerate(numbers, start=1):
            name = f"Bench Cluster {seq:05d}"
            country = COUNTRIES[seq % len(COUNTRIES)]
            level, level_title = LEVELS[seq % len(LEVELS)]
            issued: date = today - timedelta(days=seq % 700)
            organisations.append(
                {"id": seq, "slug": f"bench-{seq}", "name": name, "country": country}
            )
            assessments.append(
                {
                    "id": seq,
                    "organisation_id": seq,
                    "criteria_version_id": version_id,
                    "status": AssessmentStatus.APPROVED,
                    "created_by_id": 1,
                    "decided_at": now,
                    "approved_level": level,
                }
            )
            rows.append(
                {
                    "number": number,
                    "organisation_id": seq,
                    "assessment_id": seq,
                    "criteria_version_id": version_id,
                    "organisation_name": name,
                    "name_key": search_key(name),
                    "country": country,
                    "level": level,
                    "level_title": level_title,
                    "scheme": scheme,
                    "scheme_title": scheme_title,
                    "criteria_version": SCHEME_VERSION,
                    "issued_on": issued,
                    "valid_until": issued + timedelta(days=3 * 365),
                    "issued_at": now,
                    "status": CertificateStatus.VALID,
                    "pdf_key": "bench-certificate-pdf",
                    "pdf_sha256": hashlib.sha256(number.encode()).hexdigest(),
                }
            )
        pdf = b"%PDF-1.7\n% labelapp lookup benchmark\n"
        with engine.begin() as connection:
            connection.execute(
                insert(User.__table__),
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
            connection.execute(
                insert(StoredFile.__table__),
                [
                    {
                        "key": "bench-certificate-pdf",
                        "content": pdf,
                        "size": len(pdf),
                        "sha256": hashlib.sha256(pdf).hexdigest(),
                        "media_type": "application/pdf",
                    }
                ],
            )
            connection.execute(insert(Organisation.__table__), organisations)
            connection.execute(insert(Assessment.__table__), assessments)
            connection.execute(insert(Certificate.__table__), rows)
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        return numbers
    finally:
        engine.dispose()


# --- servers ---------------------------------------------------------------------------


class _Server:
    """``spec`` served as ``labelapp serve`` serves, on a free port of 127.0.0.1, log in a file."""

    def __init__(self, spec: str, env: dict[str, str], log: Path) -> None:
        self.spec = spec
        self.log = log
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                gunicorn_arguments("127.0.0.1:0", WORKERS, 60, app=spec),
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        self.port = 0

    def _fail(self, problem: str) -> RuntimeError:
        tail = self.log.read_text(errors="replace")[-3000:]
        return RuntimeError(f"{self.spec}: {problem}; gunicorn's log ends with:\n{tail}")

    def wait_ready(self, path: str, expect: str, timeout: float = 60.0) -> None:
        """Wait for the port in the log, then for ``path`` to answer 200 with ``expect``."""
        deadline = time.monotonic() + timeout
        while not self.port:
            match = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", self.log.read_text())
            if match:
                self.port = int(match.group(1))
            elif self.process.poll() is not None:
                raise self._fail(f"exited with {self.process.returncode}")
            elif time.monotonic() > deadline:
                raise self._fail("did not start listening")
            else:
                time.sleep(0.05)
        while True:
            try:
                status, body = self.get(path)
            except OSError:
                status, body = 0, ""
            if status == 200 and expect in body:
                return
            if status not in (0, 200) or self.process.poll() is not None:
                raise self._fail(f"GET {path} answered {status} instead of 200")
            if time.monotonic() > deadline:
                raise self._fail(f"GET {path} did not answer within {timeout:.0f} s")
            time.sleep(0.05)

    def get(self, path: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def etags(self, paths: list[str]) -> tuple[list[str], bool]:
        """Each path's ETag (empty when none), and whether sending it back gets a 304."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            tags = []
            for path in paths:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                tags.append(response.getheader("ETag") or "")
            if not tags[0]:
                return tags, False
            connection.request("GET", paths[0], headers={"If-None-Match": tags[0]})
            response = connection.getresponse()
            response.read()
            return tags, response.status == 304
        finally:
            connection.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def terminate(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()

    def wait(self) -> None:
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- wrk -------------------------------------------------------------------------------


def _wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError(
            "the lookup benchmark needs wrk (HTTP load generator): install it, e.g. "
            "`sudo apt-get install wrk` (make bench installs it)"
        )
    return found


def _script(
    paths: list[str], folder: Path, new_clients: bool = False, etags: list[str] | None = None
) -> Path:
    """A wrk script sending GETs to ``paths`` in turn (each thread from its own offset).

    With ``new_clients``, every request comes from an address not seen before in
    the run (in X-Forwarded-For, for a server that trusts one proxy): 10.x.y.z,
    each wrk thread counting through its own half of the 2^24 addresses. With
    ``etags``, each request sends its path's ETag in If-None-Match.
    """
    listed = ",\n".join(json.dumps(path) for path in paths)
    path = folder / f"paths-{uuid.uuid4().hex[:8]}.lua"
    tags = ",\n".join(json.dumps(tag) for tag in etags or [])
    if etags is not None:
        headers = "  return wrk.format(nil, paths[i], {['If-None-Match'] = tags[i]})\n"
    elif new_clients:  # wrk's Lua is 5.1: no integer division operator
        headers = (
            "  sent = sent + 1\n"
            "  local n = (first + sent) % 16777216\n"
            "  local address = string.format('10.%d.%d.%d', math.floor(n / 65536) % 256, "
            "math.floor(n / 256) % 256, n % 256)\n"
            "  return wrk.format(nil, paths[i], {['X-Forwarded-For'] = address})\n"
        )
    else:
        headers = "  return wrk.format(nil, paths[i])\n"
    path.write_text(
        f"local paths = {{\n{listed}\n}}\n"
        f"local tags = {{\n{tags}\n}}\n"
        "local i = 0\n"
        "local sent = 0\n"
        "local first = 0\n"
        "local threads = 0\n"
        "function setup(thread)\n"
        "  thread:set('offset', threads * 7919)\n"
        "  thread:set('first_client', threads * 8388608)\n"
        "  threads = threads + 1\n"
        "end\n"
        "function init(args)\n"
        "  i = (offset or 0) % #paths\n"
        "  first = first_client or 0\n"
        "end\n"
        "function request()\n"
        "  i = i % #paths + 1\n" + headers + "end\n",
        encoding="ascii",
    )
    return path


def _milliseconds(value: str, unit: str) -> float:
    return float(value) * _UNITS_MS[unit]


def parse_wrk(output: str) -> dict[str, Any]:
    """Requests/s, p50/p99 (ms) and error counts from ``wrk --latency`` output."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    if rate is None or total is None:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    percentiles = {
        int(m.group(1)): _milliseconds(m.group(2), m.group(3))
        for m in re.finditer(
            r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE
        )
    }
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    socket_errors = sum(int(n) for n in sockets.groups()) if sockets else 0
    status = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    bad_status = int(status.group(1)) if status else 0
    return {
        "rps": float(rate.group(1)),
        "requests": int(total.group(1)),
        "p50_ms": percentiles.get(50, float("nan")),
        "p99_ms": percentiles.get(99, float("nan")),
        "socket_errors": socket_errors,
        "non_2xx_3xx": bad_status,
        "errors": socket_errors + bad_status,
    }


def _wrk(url: str, script: Path, seconds: int) -> dict[str, Any]:
    command = [
        _wrk_binary(),
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


# --- the benchmark ---------------------------------------------------------------------


def _measure(
    servers: dict[str, _Server], numbers: list[str], seconds: int, folder: Path
) -> dict[str, Any]:
    bare, real, clients = servers["bare"], servers["real"], servers["clients"]
    step = max(1, len(numbers) // ROTATION)
    rotation = numbers[::step][:ROTATION]
    random.Random(7).shuffle(rotation)
    probe = rotation[len(rotation) // 2]
    pages = [f"/verify/{n}" for n in rotation]
    api = [f"/api/v1/certificates/{n}" for n in rotation]
    bare.wait_ready(pages[0], rotation[0])
    real.wait_ready(f"/verify/{probe}", probe)
    real.wait_ready(f"/api/v1/certificates/{probe}", probe)
    clients.wait_ready(f"/verify/{probe}", probe)
    etags, answers_304 = real.etags(pages)
    if seconds >= 5:
        # Both workers booted, templates compiled, statement caches filled.
        _wrk(bare.url, _script(pages, folder), 2)
        _wrk(
            real.url, _script([p for pair in zip(pages, api, strict=True) for p in pair], folder), 2
        )
        _wrk(clients.url, _script(pages, folder), 2)
    scripts = {
        "bare": (bare.url, _script(pages, folder)),
        "page": (real.url, _script(pages, folder)),
        # The same pages asked by a visitor (or cache) that has them: If-None-Match.
        "conditional": (real.url, _script(pages, folder, etags=etags)),
        "api": (real.url, _script(api, folder)),
        # The registry: every page of 50 in turn, and name searches through the API.
        "registry": (
            real.url,
            _script(
                [
                    path
                    for page in range(1, max(2, len(numbers) // 50 + 1))
                    for path in (
                        f"/registry?page={page}",
                        f"/api/v1/registry?q=cluster+{page % 100:02d}&per_page=20",
                    )
                ],
                folder,
            ),
        ),
        # Behind a trusted proxy, every request from another client address: each one
        # starts a counter of its own in Redis.
        "page_clients": (clients.url, _script(pages, folder, new_clients=True)),
    }
    # Interleaved rounds, median per route: the machine's speed drifts between runs
    # (the load tool shares its two cores), and a drift must not favour one route.
    rounds = ROUNDS if seconds >= 5 else 1
    measured: dict[str, list[dict[str, Any]]] = {name: [] for name in scripts}
    for _ in range(rounds):
        for name, (url, script) in scripts.items():
            measured[name].append(_wrk(url, script, seconds))
    runs = {
        name: sorted(results, key=lambda run: run["rps"])[len(results) // 2]
        for name, results in measured.items()
    }
    ratios = {
        f"{name}_vs_bare": runs[name]["rps"] / runs["bare"]["rps"]
        for name in ("page", "conditional", "api", "page_clients")
    }
    p99_ratio = runs["page"]["p99_ms"] / runs["bare"]["p99_ms"]
    errors = sum(run["errors"] for results in measured.values() for run in results)
    return {
        "certificates": len(numbers),
        "rotation": len(rotation),
        "seconds": seconds,
        **runs,
        **ratios,
        "page_p99_vs_bare": p99_ratio,
        "answers_304": answers_304,
        "rounds": rounds,
        "errors": errors,
        "target_met": ratios["page_vs_bare"] >= TARGET_RATIO
        and ratios["conditional_vs_bare"] >= CONDITIONAL_TARGET
        and answers_304
        and p99_ratio <= P99_TARGET
        and errors == 0,
    }


def _start(url: str, folder: Path, redis_url: str) -> dict[str, _Server]:
    """The servers on the (still empty) database; they connect only on the first request.

    labelapp counts its rate limits in Redis under a key prefix of its own, as
    several workers need; ``clients`` is the same app behind a trusted proxy.
    """
    env = {
        **os.environ,
        DATABASE_VARIABLE: url,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    deployed = _settings(
        folder,
        DATABASE_URL=url,
        LABELAPP_RATELIMIT_STORAGE_URL=redis_url,
        RATELIMIT_KEY_PREFIX=_redis_prefix(folder),
    )
    behind_proxy = {**deployed, "LABELAPP_TRUSTED_PROXIES": 1}
    specs = {
        "bare": ("bare", {**env, SETTINGS_VARIABLE: json.dumps(deployed)}),
        "real": ("real", {**env, SETTINGS_VARIABLE: json.dumps(deployed)}),
        "clients": ("real", {**env, SETTINGS_VARIABLE: json.dumps(behind_proxy)}),
    }
    servers: dict[str, _Server] = {}
    try:
        for name, (factory, server_env) in specs.items():
            servers[name] = _Server(
                f"tests.bench.lookup_apps:{factory}()", server_env, folder / f"{name}.log"
            )
    except BaseException:
        _stop(servers)
        raise
    return servers


def _redis_prefix(folder: Path) -> str:
    return f"labelapp-bench-{folder.name}"


def _redis_url() -> str:
    """Redis for the rate-limit counters of several workers (required)."""
    url = os.environ.get("LABELAPP_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.ping()
        client.close()
    except redis.RedisError as problem:
        raise RuntimeError(
            f"the lookup benchmark serves 2 workers, which count rate limits in Redis: "
            f"{url} is not reachable ({problem}); set LABELAPP_BENCH_REDIS_URL"
        ) from None
    return url


def _forget_redis_keys(redis_url: str, folder: Path) -> None:
    client = redis.Redis.from_url(redis_url)
    try:
        keys = client.keys(f"*{_redis_prefix(folder)}*")
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def _stop(servers: dict[str, _Server]) -> None:
    for server in servers.values():
        server.terminate()
    for server in servers.values():
        server.wait()


def _settings(folder: Path, **overrides: Any) -> dict[str, Any]:
    """Production settings; the lookup rate limit high enough never to refuse wrk."""
    chosen: dict[str, Any] = {
        "LABELAPP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(32),
        "LABELAPP_LOOKUP_RATE_LIMIT": "1000000000 per minute",
        "LABELAPP_RATELIMIT_STORAGE_URL": "memory://",
        **overrides,
    }
    return settings_for_tests(folder, **chosen)


def run_lookup(
    seconds: int = 10,
    certificates: int = 10_000,
    backends: tuple[str, ...] = ("sqlite", "postgresql"),
) -> dict[str, Any]:
    """Measure each backend; returns ``{backend: figures}`` (see ``_measure``)."""
    _wrk_binary()
    redis_url = _redis_url()
    figures: dict[str, Any] = {}
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix="labelapp-bench-lookup-") as name:
            folder = Path(name)
            with scratch_database(backend, folder) as url:
                # Workers take seconds to boot (imports): let them while the data goes in.
                servers = _start(url, folder, redis_url)
                try:
                    numbers = _populate(url, certificates, _settings(folder))
                    figures[backend] = _measure(servers, numbers, seconds, folder)
                finally:
                    _stop(servers)
                    _forget_redis_keys(redis_url, folder)
    return figures


def _ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def _latency(run: dict[str, Any]) -> str:
    return f"p50 {_ms(run['p50_ms'])}, p99 {_ms(run['p99_ms'])}"


def _row(label: str, run: dict[str, Any], ratio: float | None = None) -> str:
    versus = f" = {ratio:.2f}× bare" if ratio is not None else ""
    return f"  {label:<34}{run['rps']:>8,.0f} req/s{versus} ({_latency(run)})"


def report_lookup(figures: dict[str, Any]) -> str:
    lines = []
    for backend, f in figures.items():
        lines += [
            f"public lookup, {backend}: {f['certificates']:,} certificates, served as labelapp "
            f"serve serves ({WORKERS} gevent workers, counters in Redis), wrk -t{THREADS} "
            f"-c{CONNECTIONS} -d{f['seconds']}s over {f['rotation']:,} numbers, median of "
            f"{f['rounds']} interleaved rounds",
            _row("bare Flask + SQLAlchemy route:", f["bare"]),
            _row("/verify/<n>:", f["page"], f["page_vs_bare"]),
            _row("/verify/<n>, If-None-Match:", f["conditional"], f["conditional_vs_bare"])
            + ("" if f["answers_304"] else "  [no 304: the page sends no ETag]"),
            _row("/api/v1/certificates/<n>:", f["api"], f["api_vs_bare"]),
            _row("registry pages and name searches:", f["registry"]),
            _row("/verify/<n>, a new client each:", f["page_clients"], f["page_clients_vs_bare"]),
            f"  page p99 = {f['page_p99_vs_bare']:.2f}× the bare route's",
            "  errors: "
            + ", ".join(
                f"{name} {f[name]['errors']}"
                + (
                    f" ({f[name]['non_2xx_3xx']} bad status, {f[name]['socket_errors']} socket)"
                    if f[name]["errors"]
                    else ""
                )
                for name in ("bare", "page", "conditional", "api", "registry", "page_clients")
            ),
            f"  targets (page ≥ {TARGET_RATIO}× bare, If-None-Match ≥ {CONDITIONAL_TARGET}× "
            f"with 304s, page p99 ≤ {P99_TARGET}× bare's, no errors): "
            f"{'met' if f['target_met'] else 'NOT met'}",
        ]
    return "\n".join(lines)
