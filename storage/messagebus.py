"""The map from event type to handlers that a unit of work publishes to; built once, at start-up, by
web.bootstrap, so the unit of work imports no subscriber."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

Handler = Callable[[Any, Any], None]  # (unit of work, event), inside the unit of work's transaction
CommitHook = Callable[[Session], None]  # runs just before the unit of work commits


@dataclass(frozen=True)
class MessageBus:
    """Which handlers hear which event (in order), and what runs at every commit."""

    handlers: Mapping[type, tuple[Handler, ...]] = field(default_factory=dict)
    before_commit: tuple[CommitHook, ...] = ()

    def handlers_for(self, event: Any) -> tuple[Handler, ...]:
        """The handlers of this event's type, in the order they were wired."""
        return self.handlers.get(type(event), ())

    def adding(self, handler: Handler, *event_types: type) -> "MessageBus":
        """This bus with `handler` also hearing `event_types` (after the handlers already there)."""
        handlers = dict(self.handlers)
        for event_type in event_types:
            handlers[event_type] = (*handlers.get(event_type, ()), handler)
        return MessageBus(handlers, self.before_commit)
