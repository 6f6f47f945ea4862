"""`kring serve --processes 2`: two processes accept from one socket, both answer, and a SIGTERM to the parent
stops them all (no orphan keeps the port). A real process tree on a loopback port, on a migrated SQLite file."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.integration.test_processes import free_port, wait_for_health

ROOT = Path(__file__).resolve().parents[2]
KRING = [sys.executable, "-c", "from web.cli import main; main()"]


def server_env(engine) -> dict[str, str]:
    return {
        **os.environ,
        "KRING_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "KRING_SECRET_KEY": "sleutel-van-de-test",
        "KRING_THREADS": "2",
        "PYTHONPATH": str(ROOT),
    }


def children_of(pid: int) -> list[int]:
    """The live child processes of `pid` (from /proc, Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_two_processes_share_one_socket_and_stop_together(engine, tmp_path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    command = [*KRING, "serve", "--port", str(port), "--processes", "2"]
    parent = subprocess.Popen(command, cwd=tmp_path, env=server_env(engine), stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        assert wait_for_health(base, parent).json() == {"status": "ok"}
        workers = children_of(parent.pid)
        assert len(workers) == 2, workers
        with requests.Session() as browser:
            answers = [browser.get(f"{base}/login", timeout=10).status_code for _ in range(20)]
        assert answers == [200] * 20

        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=20) == 0
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(pid) for pid in workers), "a server process outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(timeout=10)
    assert "met 2 processen" in (tmp_path / "serve.log").read_text()


def test_a_child_that_dies_stops_the_whole(engine, tmp_path):
    """One process killed: the parent stops the other and exits non-zero, so a supervisor restarts the whole."""
    port = free_port()
    command = [*KRING, "serve", "--no-scheduler", "--port", str(port)]
    env = {**server_env(engine), "KRING_PROCESSES": "2"}  # the setting, this time, instead of the option
    parent = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_health(f"http://127.0.0.1:{port}", parent)
        workers = children_of(parent.pid)
        assert len(workers) == 2, workers
        os.kill(workers[0], signal.SIGKILL)
        assert parent.wait(timeout=20) == 1
        assert not alive(workers[1])
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(timeout=10)
