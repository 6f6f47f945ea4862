"""SMS over an HTTP gateway: the one-time code of a shared plan goes by text message, apart from its link.

The gateway is any HTTP endpoint that takes a JSON POST {"to": "+316…", "text": "…"} (most SMS providers, or
a small relay in front of one), set by KRING_SMS_URL, with KRING_SMS_TOKEN as a bearer token when set. Without
a URL there is no gateway: the coordinator is shown the code to pass on."""

import json
import urllib.request
from dataclasses import dataclass, field

TIMEOUT = 10  # seconds: a gateway that hangs must not hold the coordinator's page for long


class SmsNotSent(Exception):
    """The gateway refused the message or could not be reached."""


@dataclass(frozen=True)
class SmsSettings:
    url: str
    token: str = field(default="", repr=False)  # kept out of logs and tracebacks


class HttpSmsGateway:
    def __init__(self, settings: SmsSettings):
        self.settings = settings

    def send(self, to: str, text: str) -> None:
        """Send one text message; SmsNotSent when the gateway does not answer with 2xx."""
        headers = {"Content-Type": "application/json"}
        if self.settings.token:
            headers["Authorization"] = f"Bearer {self.settings.token}"
        body = json.dumps({"to": to, "text": text}).encode()
        request = urllib.request.Request(self.settings.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310 (the configured URL)
                status = answer.status
        except Exception as problem:  # HTTPError (4xx/5xx), URLError, timeouts: all mean "not sent"
            raise SmsNotSent(f"{type(problem).__name__}: {problem}") from problem
        if not 200 <= status < 300:
            raise SmsNotSent(f"status {status}")


def code_text(code: str) -> str:
    """The message: the code and what it is for, nothing about the family."""
    return f"Uw code voor het plan van de Eigen Kracht-conferentie: {code}. Gebruik hem bij de link uit de e-mail."
