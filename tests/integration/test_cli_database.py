"""Every `kring` command meets an unreachable or unreadable database with a Dutch message and a non-zero exit,
never a traceback."""

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from web.cli import main

UNREACHABLE = {
    "postgresql": "postgresql+psycopg://kring@127.0.0.1:1/kring",  # nothing listens on port 1
    "sqlite": "sqlite:////nonexistent-kring-folder/kring.sqlite3",  # a folder that does not exist
}
COMMANDS = [
    ["db", "upgrade"],
    ["reminders", "run"],
    ["demo"],
    ["token", "create", "--email", "rm@kring.test"],
    ["report", "--year", "2025"],
    ["registrations", "export", "--year", "2025"],
    ["scheduler"],  # stops at once instead of logging a failed scan every minute
    ["serve", "--port", "5099"],  # refuses to start instead of serving pages that fail
]


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(url: str, args: list[str]):
        return CliRunner(env={"KRING_DATABASE_URL": url}).invoke(main, args, catch_exceptions=False)

    return invoke


@pytest.mark.parametrize("database", sorted(UNREACHABLE))
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_an_unreachable_database_ends_every_command_with_a_dutch_message(run, database, args):
    result = run(UNREACHABLE[database], args)
    assert result.exit_code == 1, result.output
    assert "Fout: de database is nu niet bereikbaar" in result.output
    assert "Controleer KRING_DATABASE_URL" in result.output
    assert "Traceback" not in result.output


def test_the_message_names_the_database_but_not_its_password(run):
    result = run("postgresql+psycopg://kring:geheim@127.0.0.1:1/kring", ["db", "upgrade"])
    assert "127.0.0.1:1/kring" in result.output and "geheim" not in result.output
    assert "Connection refused" in result.output  # the driver's own words, for the operator


@pytest.mark.parametrize("url", ["onzin", "postgresql+onbekend://kring@127.0.0.1/kring"])
def test_a_url_that_cannot_be_read_is_named(run, url):
    result = run(url, ["db", "upgrade"])
    assert result.exit_code == 1 and "geen bruikbaar database-adres" in result.output


def test_a_command_that_needs_no_database_still_runs(run):
    assert run(UNREACHABLE["postgresql"], ["diagram"]).exit_code == 0


def test_the_real_command_prints_no_traceback(tmp_path):
    code = "from web.cli import main; main()"
    env = {"KRING_DATABASE_URL": UNREACHABLE["sqlite"], "PYTHONPATH": str(Path.cwd()), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code, "reminders", "run"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Fout: de database is nu niet bereikbaar"), done.stderr
    assert "Traceback" not in done.stderr + done.stdout
