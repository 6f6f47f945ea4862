"""The personal calendar feed behind its secret URL (no login: calendar apps cannot log in). The URL is made
and renewed on "Mijn account" (web/account.py); renewing makes the old one 404 at once."""

from flask import Response, abort, url_for

from storage.accounts import actor_for
from storage.calendar_feeds import user_of_feed
from storage.today import moments_of
from web.context import clock, db, settings
from web.today.blueprint import bp
from web.today.ics import feed


@bp.route("/agenda/<token>.ics")
def calendar_feed(token: str):
    """The user's meetings and follow-up calls as iCalendar; 404 for anything but a current secret."""
    session = db()
    user = user_of_feed(session, token)
    if user is None:
        abort(404)
    moments = moments_of(session, actor_for(session, user), None, None)
    body = feed(moments, settings().base_url, clock().now())
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"},
    )


def feed_url(token: str) -> str:
    """The feed's address at the configured base URL (as in mails: not taken from the request's Host)."""
    return settings().base_url.rstrip("/") + url_for("today.calendar_feed", token=token)
