"""The `kring` command (README, "Commands"): one group, its commands in the modules of this package."""

import click

from web.cli.common import KringGroup
from web.cli.inzage import inzage
from web.cli.money import money
from web.cli.money_terms import download  # noqa: F401  (adds its commands to `kring money`)
from web.cli.registrations import registrations
from web.cli.reminders import reminders, scheduler
from web.cli.report import report
from web.cli.serve import serve_command, up_command
from web.cli.setup import db, demo, diagram, token, user


@click.group(cls=KringGroup)
def main() -> None:
    """Kring: the case workflow of Eigen Kracht-conferenties."""


for command in (db, user, demo, diagram, serve_command, up_command, token, reminders, scheduler):
    main.add_command(command)
for command in (registrations, report, inzage, money):
    main.add_command(command)
