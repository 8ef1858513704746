"""The app as gunicorn's workers load it (``labelapp.wsgi:app``), after their fork.

Issuing and PDF checks need WeasyPrint and pyHanko; loading them here makes the
first certificate of a worker as quick as the others.
"""

from labelapp import create_app
from labelapp.certificates import load_pdf_stack

load_pdf_stack()
app = create_app()
