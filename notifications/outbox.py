"""Mail that a web request asks for, sent beside the request instead of in it: one worker thread delivers the
mails in order. The answer to "send me a reset link" then takes as long whether or not a mail goes out and
whatever the mail server does, so its timing does not tell which addresses have an account.

A failed delivery is logged with its reason in Dutch (notifications/delivery.py) and counted; it is not tried
again: the person asks for a new link, which is worth more than an old one an hour late."""

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from notifications.delivery import describe

log = logging.getLogger(__name__)


class MailOutbox:
    def __init__(self, deliver: Callable[[Any], None] | None):
        """`deliver` sends one mail (e.g. SmtpMailer.send_password_reset); None: no mail server, mails are
        dropped with a warning (the README says to set KRING_SMTP_HOST)."""
        self.deliver = deliver
        self.sent = self.failed = 0
        self._queue: queue.Queue = queue.Queue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()

    def put(self, mail: Any) -> None:
        """Hand a mail over for delivery; returns at once."""
        if self.deliver is None:
            log.warning("no mail server (KRING_SMTP_HOST): a %s is not sent", type(mail).__name__)
            return
        self._start()
        self._queue.put(mail)

    def flush(self) -> None:
        """Wait until every mail handed over so far is delivered or has failed (tests, shutdown)."""
        self._queue.join()

    def _start(self) -> None:
        with self._lock:
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="kring-mail-outbox", daemon=True)
                self._worker.start()

    def _run(self) -> None:
        while True:
            mail = self._queue.get()
            try:
                self.deliver(mail)
                self.sent += 1
            except Exception as problem:  # a bad address or a server hiccup must not stop the worker
                self.failed += 1
                log.warning("%s not delivered: %s", type(mail).__name__, describe(problem))
            finally:
                self._queue.task_done()
