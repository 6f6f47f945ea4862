"""/beheer/mail: reminder mails that failed, why (in Dutch), when Kring tries again, and a button to try the
given-up ones anew once the mail settings are fixed (admin only: the admin blueprint's before_request)."""

from flask import flash, redirect, render_template, url_for

from notifications.delivery import MAX_ATTEMPTS
from storage.reminders import mail_problems, retry_mail_now
from web.admin.blueprint import bp
from web.context import db, engine, settings
from workflow.reminder_rules import KIND_LABELS


@bp.route("/mail")
def mail():
    """The failed and given-up reminder mails, and which mail server Kring uses."""
    return render_template(
        "admin/mail.html",
        rows=mail_problems(db()),
        server=settings().mail(),
        labels=KIND_LABELS,
        max_attempts=MAX_ATTEMPTS,
    )


@bp.route("/mail/opnieuw", methods=["POST"])
def retry_mail():
    """Try every failed mail again at the next scan, with a fresh series of attempts."""
    count = retry_mail_now(engine())
    flash(
        f"{count} herinneringsmail(s) worden bij de volgende ronde opnieuw verstuurd."
        if count
        else "Er was niets om opnieuw te versturen."
    )
    return redirect(url_for("admin.mail"), 303)
