"""The ``labelapp`` command: set-up, accounts, criteria and serving."""

from __future__ import annotations

import click

from labelapp.cli.audit import audit_group
from labelapp.cli.certificates import certificates_group
from labelapp.cli.criteria import criteria
from labelapp.cli.demo import demo
from labelapp.cli.mail import mail_group
from labelapp.cli.results import results_group
from labelapp.cli.setup import init
from labelapp.cli.setup import serve
from labelapp.cli.users import user


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """labelapp: the quality label for cluster organisations."""


main.add_command(init)
main.add_command(serve)
main.add_command(user)
main.add_command(criteria)
main.add_command(audit_group)
main.add_command(certificates_group)
main.add_command(results_group)
main.add_command(demo)
main.add_command(mail_group)
