"""APScheduler 3 runs the reminder scan. The due moments live in the reminder table, not in job stores:
the only job is the periodic scan, kept in memory, so restarts and extra workers lose or double nothing."""

import datetime as dt
import logging

import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from notifications.mail import MailSettings, SmtpMailer
from notifications.scan import ScanResult, run_scan
from storage.reminders import schedule_idle_reminders
from storage.report_tallies import refresh_some
from storage.retention import purge_due
from workflow.clock import Clock
from workflow.retention import RetentionPeriod

SCAN_EVERY_SECONDS = 60
log = logging.getLogger(__name__)


def scan_once(
    engine: sa.Engine, clock: Clock, mail: MailSettings | None = None, retention: RetentionPeriod | None = None
) -> ScanResult:
    """One scan: reminders by mail (no mail settings: in-app only), then retention and report tallies."""
    deliver = SmtpMailer(mail, clock).send_reminder if mail else None
    result = run_scan(engine, clock.now(), deliver)
    if result.claimed:
        log.info("reminder scan: %s claimed, %s sent, %s failed", result.claimed, result.sent, result.failed)
    schedule_idle_reminders(engine, clock.now())
    purged = purge_due(engine, clock.now(), retention)  # after the warnings went out: retention of closed cases
    if purged:
        log.info("retention: personal data of %s closed cases removed", purged)
    recounted = refresh_some(engine)
    if recounted:
        log.info("report tallies: %s registrations recounted", recounted)
    return result


def build_scheduler(
    engine: sa.Engine,
    clock: Clock,
    mail: MailSettings | None = None,
    retention: RetentionPeriod | None = None,
    blocking: bool = False,
):
    """A scheduler whose one job scans now (reminders due while the app was down go out at start) and
    then every minute; coalesced, one run at a time, never dropped for lateness."""
    scheduler = BlockingScheduler(timezone=dt.UTC) if blocking else BackgroundScheduler(timezone=dt.UTC)
    scheduler.add_job(
        scan_once,
        "interval",
        args=(engine, clock, mail, retention),
        seconds=SCAN_EVERY_SECONDS,
        id="reminder-scan",
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
        next_run_time=clock.now(),
    )
    return scheduler
