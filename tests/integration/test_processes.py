"""The multi-process deployment of the README: two `kring serve --no-scheduler` processes on one PostgreSQL
answer /health and share their data (a login on one is a login on the other, a case made on one is read on
the other). Real processes on loopback ports; skipped with the reason when there is no PostgreSQL."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import PASSWORD, People, _postgres_engine
from tests.walks import INTAKE
from workflow.phases import Role

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60  # seconds for a process to answer /health (imports on a busy 2-core machine)
pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres():
    """A migrated PostgreSQL schema of this test alone (dropped afterwards)."""
    yield from _postgres_engine()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(url: str, port: int, folder: Path) -> subprocess.Popen:
    """`kring serve --no-scheduler` as its own process, its output in folder/serve-<port>.log."""
    env = {
        **os.environ,
        "KRING_DATABASE_URL": url,
        "KRING_SECRET_KEY": "gedeelde-sleutel-van-alle-processen",  # the same in every web process
        "KRING_THREADS": "2",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-c", "from web.cli import main; main()", "serve", "--no-scheduler", "--port", str(port)]
    log = (folder / f"serve-{port}.log").open("w")
    return subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_for_health(base: str, process: subprocess.Popen) -> requests.Response:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            return requests.get(f"{base}/health", timeout=5)
        except requests.ConnectionError:
            time.sleep(0.3)
    raise AssertionError(f"{base} did not come up (exit code {process.poll()})")


@pytest.fixture
def two_servers(postgres, tmp_path):
    """Two web processes on the same database: their base URLs."""
    url = postgres.url.render_as_string(hide_password=False)
    ports = [free_port(), free_port()]
    processes = [start_server(url, port, tmp_path) for port in ports]
    try:
        yield postgres, [f"http://127.0.0.1:{port}" for port in ports], processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def log_in(browser: requests.Session, base: str, email: str) -> None:
    """Log in through the form, with its CSRF token, as a person would."""
    form = browser.get(f"{base}/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = browser.post(
        f"{base}/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:300]


def test_two_web_processes_on_one_postgresql_share_logins_and_cases(two_servers):
    engine, (first, second), processes = two_servers
    people = People(engine)
    manager, _ = people.make(Role.REGIOMANAGER, "rm@kring.test")
    token = people.token(manager.id)
    for base, process in zip((first, second), processes, strict=True):
        health = wait_for_health(base, process)
        assert (health.status_code, health.json()) == (200, {"status": "ok"})

    with requests.Session() as browser:
        log_in(browser, first, "rm@kring.test")
        inbox = browser.get(f"{second}/inbox", allow_redirects=False, timeout=10)
    assert inbox.status_code == 200, "the session made by the first process opens the second's pages"
    assert "Rm" in inbox.text  # the user's name (People names them after the address)

    api = {"Authorization": f"Bearer {token}"}
    made = requests.post(f"{first}/api/v1/cases", json=INTAKE, headers=api, timeout=10)
    assert made.status_code == 201, made.text[:300]
    read = requests.get(f"{second}/api/v1/cases/{made.json()['id']}", headers=api, timeout=10)
    assert read.status_code == 200 and read.json()["ref"] == made.json()["ref"]
