"""A user's scheduled moments as an iCalendar feed. Only the case's reference and the kind of moment go in:
a calendar is synced to phones and third-party servers, so it carries no names or other personal data."""

import datetime as dt

from icalendar import Calendar, Event

from storage.today import FOLLOW_UP, Moment

CALL_LENGTH = dt.timedelta(minutes=30)


def feed(moments: list[Moment], base_url: str, now: dt.datetime) -> bytes:
    """The VCALENDAR with one VEVENT per moment: a meeting as a whole day, a follow-up call at its due moment."""
    calendar = Calendar()
    calendar.add("prodid", "-//Kring//Agenda//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Kring")
    for moment in moments:
        calendar.add_component(_event(moment, base_url, now))
    return calendar.to_ical()


def _event(moment: Moment, base_url: str, now: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{moment.key}@kring")
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("summary", f"{moment.label} ({moment.case_ref})")
    if moment.kind == FOLLOW_UP and moment.at is not None:
        event.add("dtstart", moment.at.astimezone(dt.UTC))
        event.add("dtend", (moment.at + CALL_LENGTH).astimezone(dt.UTC))
    else:
        event.add("dtstart", moment.day)
        event.add("dtend", moment.day + dt.timedelta(days=1))
    event.add("url", f"{base_url}/zaken/{moment.case_id}")
    event.add("description", "Open de zaak in Kring voor de gegevens.")
    event.add("transp", "TRANSPARENT" if moment.kind == FOLLOW_UP else "OPAQUE")
    return event
