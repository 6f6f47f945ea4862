"""Several server processes on one listening socket (`kring serve --processes N`).

Why: one Python process serves from one core (the GIL); on a machine with more cores, N processes that
accept from the same socket use them, with no proxy in between. The parent binds the socket, forks the
children before anything opens a database connection or a thread, and only supervises: it forwards
SIGTERM/SIGINT, and when one child stops it stops the others and exits, so that the process manager
(systemd, a container runtime) restarts the whole, never a half."""

import contextlib
import os
import signal
import socket
import sys
import traceback
from collections.abc import Callable

# Connections the kernel queues for accept() across all processes.
BACKLOG = 1024

ServeOne = Callable[[socket.socket, int], None]


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port and listening, to be shared by the children."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    return sock


def run_processes(sock: socket.socket, count: int, serve_one: ServeOne) -> int:
    """Fork `count` children that each run serve_one(sock, index); return the exit code for the parent."""
    children = [_fork(sock, index, serve_one) for index in range(count)]
    sock.close()  # the parent never accepts; the children hold the socket

    def stop(_signum: int, _frame: object) -> None:
        _signal_all(children, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    _pid, status = os.wait()  # the first child to stop ends the whole
    _signal_all(children, signal.SIGTERM)
    codes = [os.waitstatus_to_exitcode(status)] + [_reap(pid) for pid in children if pid != _pid]
    return 0 if all(code in (0, -signal.SIGTERM) for code in codes) else 1


def _fork(sock: socket.socket, index: int, serve_one: ServeOne) -> int:
    pid = os.fork()
    if pid:
        return pid
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    code = 0
    try:
        serve_one(sock, index)
    except KeyboardInterrupt:
        pass
    except BaseException:  # a child must never return into the parent's code
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return 0  # not reached


def _signal_all(children: list[int], signum: int) -> None:
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)


def _reap(pid: int) -> int:
    try:
        _pid, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return 0
    return os.waitstatus_to_exitcode(status)
