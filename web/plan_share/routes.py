"""On the case: send the plan to the people chosen (a link by mail to each, the code by SMS or shown once to
the coordinator), see every link with its opens, and revoke one. The coordinator(s) of the case and the
regiomanager send and revoke; the bureau sees the list."""

import logging
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required

from notifications.plan_mail import PlanShareMail
from notifications.sms import HttpSmsGateway, SmsNotSent, code_text
from storage import plan_shares as shares
from storage.uow import in_one_transaction
from web.auth import role_required
from web.cases import queries as q
from web.context import actor, clock, db, settings, uow
from web.errors import refused
from web.plan_share.blueprint import bp
from web.plan_share.document import plan_pdf
from workflow import plan_sharing as sharing
from workflow.errors import DomainError
from workflow.phases import Role

log = logging.getLogger(__name__)


@bp.route("/zaken/<int:case_id>/plan/delen")
@login_required
def page(case_id: int):
    """The links sent for this case and, for who may send, the form to send the plan."""
    return _page(q.get_case(db(), actor(), case_id))


@bp.post("/zaken/<int:case_id>/plan/delen")
@role_required(Role.COORDINATOR, Role.REGIOMANAGER)
def send(case_id: int):
    """Make a link and a code for each recipient, mail the links, text or show the codes."""
    case = q.get_case(db(), actor(), case_id)
    try:
        sharing.check_may_share(actor(), case)
        recipients = sharing.recipients_from_form(sharing.candidates(case), request.form)
        made = shares.share_plan(uow(), case_id, actor(), recipients, plan_pdf)
    except DomainError as problem:
        refusal = refused(problem, flash_with="text")
        return _page(case, refusal.errors, request.form), refusal.status
    by_sms = _text_codes(made)
    outbox = current_app.extensions["kring.outbox"]
    for share in made:
        outbox.put(
            PlanShareMail(
                share.recipient.email,
                share.recipient.name,
                share.token,
                share.expires_at,
                share.share_id in by_sms,
                actor().name,
            )
        )
    # Without a mail server nobody gets the link: the coordinator is shown each link to pass on with its code.
    mailed = outbox.deliver is not None
    return render_template("plan_share/sent.html", case=case, made=made, by_sms=by_sms, mailed=mailed)


@bp.post("/zaken/<int:case_id>/plan/delen/<int:share_id>/intrekken")
@role_required(Role.COORDINATOR, Role.REGIOMANAGER)
def revoke(case_id: int, share_id: int):
    """Revoke one link: it no longer opens."""
    try:
        share = shares.revoke(uow(), case_id, share_id, actor())
    except DomainError as problem:
        refusal = refused(problem, flash_with="text")
        return _page(q.get_case(db(), actor(), case_id)), refusal.status
    flash(f"De link van {share.recipient_name} is ingetrokken: hij opent het plan niet meer.")
    return redirect(url_for("plan_share.page", case_id=case_id), 303)


def _text_codes(made: list[shares.NewShare]) -> set[int]:
    """Send each code by SMS where a mobile number is known and a gateway is set; the ids that went."""
    gateway_settings = settings().sms()
    if gateway_settings is None:
        return set()
    gateway, sent = HttpSmsGateway(gateway_settings), set()
    for share in made:
        if not share.recipient.mobile:
            continue
        try:
            gateway.send(share.recipient.mobile, code_text(share.code))
            sent.add(share.share_id)
        except SmsNotSent as problem:  # the coordinator is shown this code to pass on instead
            log.warning("plan code SMS for share %s not sent: %s", share.share_id, problem)
    if sent:
        in_one_transaction(uow(), shares.mark_code_sent_by_sms, sorted(sent))
    return sent


def _page(case: Any, errors: dict[str, str] | None = None, values: Any = None):
    me = actor()
    try:
        sharing.check_may_share(me, case)
        sharing.check_can_be_shared(case)
        may_send, why_not = True, ""
    except DomainError as problem:  # the page says why there is no form
        may_send, why_not = False, problem.message
    return render_template(
        "plan_share/share.html",
        case=case,
        shares=shares.shares_of(db(), case.id),
        now=clock().now(),
        may_send=may_send,
        may_revoke=_may_revoke(me, case),
        why_not=why_not,
        offered=sharing.candidates(case),
        free_rows=sharing.FREE_ROWS,
        errors=errors or {},
        values=values or {},
        link_days=sharing.LINK_DAYS,
        max_wrong=sharing.MAX_WRONG_CODES,
    )


def _may_revoke(me: Any, case: Any) -> bool:
    try:
        sharing.check_may_share(me, case)
        return True
    except DomainError:
        return False
