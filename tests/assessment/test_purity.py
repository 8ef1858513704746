"""The assessment package stays pure: importing it loads no web or database library."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
import assessment
banned = {"flask", "sqlalchemy", "labelapp", "werkzeug"}
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in banned)))
"""


def test_importing_assessment_loads_neither_flask_nor_sqlalchemy_nor_labelapp():
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
