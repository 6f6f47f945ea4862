"""Domain errors. Each carries a Dutch message for people and a stable code for machines."""

from dataclasses import dataclass


class DomainError(Exception):
    """Base of every refusal the domain gives; the web layer maps `code` to an HTTP status."""

    code = "domain_error"

    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or {}


class CaseNotFound(DomainError):
    code = "not_found"


class NotPermitted(DomainError):
    code = "forbidden"


class UnknownTrigger(DomainError):
    code = "unknown_trigger"


class TriggerNotAllowedHere(DomainError):
    code = "invalid_transition"


class StaleCase(DomainError):
    code = "stale"


class Conflict(DomainError):
    """The request fits, but not the state it meets (a final invoice finalised again)."""

    code = "conflict"


class InvalidInput(DomainError):
    """Form or API data that does not parse; `errors` maps each field to what is wrong."""

    code = "invalid_input"

    def __init__(self, errors: dict[str, str]):
        super().__init__("Niet alle velden zijn goed ingevuld.", {"fields": errors})
        self.errors = errors


@dataclass(frozen=True)
class Missing:
    """One thing a guard needs before a step may be taken: the field and what to do in Dutch."""

    field: str
    message: str


class GuardRefused(DomainError):
    code = "guard_refused"

    def __init__(self, missing: list[Missing]):
        text = "Deze stap kan nog niet: " + "; ".join(m.message for m in missing) + "."
        super().__init__(text, {"missing": [{"field": m.field, "message": m.message} for m in missing]})
        self.missing = missing
