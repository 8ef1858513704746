"""A non-editable install carries templates, criteria and their translations, the
pages' compiled translations, static files and migrations."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_everything_the_app_reads(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("labelapp-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "labelapp/_bundled/templates/base.html",
        "labelapp/_bundled/templates/errors/error.html",
        "labelapp/_bundled/criteria/README.md",
        "labelapp/_bundled/criteria/translations/cluster-excellence-2026.1.de.yaml",
        "labelapp/_bundled/criteria/translations/cluster-excellence-2026.1.fr.yaml",
        "labelapp/translations/de/LC_MESSAGES/messages.mo",
        "labelapp/translations/fr/LC_MESSAGES/messages.mo",
        "labelapp/static/app.css",
        "labelapp/migrations/env.py",
        "labelapp/migrations/script.py.mako",
        "assessment/__init__.py",
    }
    assert expected <= names
    migrations = {name for name in names if name.startswith("labelapp/migrations/versions/")}
    shipped = {
        f"labelapp/migrations/versions/{p.name}"
        for p in (ROOT / "labelapp/migrations/versions").glob("*.py")
    }
    assert shipped and shipped <= migrations
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "labelapp = labelapp.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
