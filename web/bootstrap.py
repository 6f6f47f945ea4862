"""The wiring, once, at start-up: which handlers hear which domain event, and what runs at every commit
(cosmicpython's bootstrap). The app, the command line, the scheduler and the tests all take it from here."""

from functools import partial

from storage import (
    aftercare,
    audit,
    billing_audit,
    cochange,
    contracts,
    decisions,
    questionnaires,
    reminders,
    report_tallies,
)
from storage.messagebus import Handler, MessageBus
from storage.registrations import RegistrationsImported
from web.config import Settings, load_settings
from workflow.events import ApplicationReceived


def bootstrap(settings: Settings | None = None) -> MessageBus:
    """The message bus for these settings (default: read from the environment now)."""
    settings = settings or load_settings()
    audit.listen()
    billing_audit.listen()
    wiring: list[tuple[Handler, tuple[type, ...]]] = [
        (partial(reminders.on_event, retention=settings.retention_period()), reminders.EVENTS),  # reminders first
        (
            partial(questionnaires.on_event, key=settings.secret_key, days=settings.vragenlijst_dagen),
            questionnaires.EVENTS,
        ),
        (report_tallies.on_registrations_imported, (RegistrationsImported,)),
        (contracts.on_application_received, (ApplicationReceived,)),
        (cochange.on_event, cochange.EVENTS),
        (decisions.on_event, decisions.EVENTS),
        (aftercare.on_event, aftercare.EVENTS),
    ]
    bus = MessageBus(before_commit=(report_tallies.store_touched_cases,))
    for handler, event_types in wiring:
        bus = bus.adding(handler, *event_types)
    return bus
