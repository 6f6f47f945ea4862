"""What the page benchmarks share: a fast password method, bench users, and timing a page through the Flask
test client."""

import os
import time
from collections.abc import Callable

os.environ.setdefault("KRING_PASSWORD_METHOD", "scrypt:1024:8:1")  # cheap hashing: logins are not measured
os.environ.setdefault("KRING_SECRET_KEY", "bench-secret-key")

PASSWORD = "geheim-wachtwoord"


def add_user(session, email: str, role, regions: list[str], now):
    """A bench user named after the e-mail's local part, with the bench password."""
    from storage.accounts import create_user

    return create_user(
        session,
        email,
        email.split("@")[0].title(),
        role,
        password=PASSWORD,
        regions=regions,
        now=now,
        password_method=os.environ["KRING_PASSWORD_METHOD"],
    )


def time_requests(get: Callable[[], object], rounds: int) -> list[float]:
    """Milliseconds of `rounds` calls of `get`, each answering 200."""
    spent = []
    for _ in range(rounds):
        began = time.perf_counter()
        response = get()
        spent.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    return spent
