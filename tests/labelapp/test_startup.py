"""The app and its CLI start without the PDF stack; issuing loads it when needed."""

from __future__ import annotations

import subprocess
import sys

PDF_STACK = ("weasyprint", "pyhanko", "fontTools")


def test_the_app_and_the_cli_start_without_loading_the_pdf_stack(tmp_path):
    settings = {"LABELAPP_ENV": "development", "LABELAPP_INSTANCE_PATH": str(tmp_path)}
    script = (
        "import sys\n"
        "from labelapp import create_app\n"
        "import labelapp.cli\n"
        f"create_app({settings!r})\n"
        f"print(sorted(m for m in {PDF_STACK!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
