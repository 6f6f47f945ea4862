"""The coordinator's questionnaire page of a case: links with QR codes, a printable sheet, the number of
forms handed out, and the results per meeting (their own feedback). Who can see the case can use it."""

import segno
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from markupsafe import Markup

from storage import questionnaires as store
from web.cases import queries as q
from web.context import actor, clock, db, settings, uow
from web.questionnaires.blueprint import bp
from workflow import questionnaires as qn
from workflow.case import held_meetings
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec, parse_one
from workflow.phases import Role
from workflow.questionnaires import results as qr

MAX_HANDED_OUT = 500
HANDED_OUT = FieldSpec("uitgedeeld", "Aantal uitgedeeld", "int", minimum=0, maximum=MAX_HANDED_OUT)


def link_url(link: store.QuestionnaireLink) -> str | None:
    token = store.link_token(link, settings().secret_key)
    return url_for("questionnaires.public_form", token=token, _external=True) if token else None


def qr_svg(url: str, scale: int = 4, title: str = "QR-code") -> Markup:
    """The QR code of `url` as inline SVG (black on white, quiet zone included)."""
    code = segno.make(url, error="m", micro=False)
    return Markup(code.svg_inline(scale=scale, dark="#000", light="#fff", title=title, svgclass="qr", omitsize=True))


@bp.route("/zaken/<int:case_id>/vragenlijsten")
@login_required
def case_links(case_id: int):
    case = q.get_case(db(), actor(), case_id)
    meetings = store.meeting_results(db(), case.id)
    with_links = {m.meeting_number for m in meetings}
    missing = [m for m in held_meetings(case) if m.get("nummer") not in with_links]
    urls = {f.link.id: link_url(f.link) for m in meetings for f in m.forms}
    qrs = {link_id: qr_svg(url, title="QR-code van de link") for link_id, url in urls.items() if url}
    return render_template(
        "questionnaires/links.html",
        case=case,
        meetings=meetings,
        missing=missing,
        urls=urls,
        qrs=qrs,
        qn=qn,
        now=clock().now(),
        is_admin=actor().role is Role.ADMIN,
        max_handed_out=MAX_HANDED_OUT,
        too_few=qr.too_few,
        too_few_message=qr.too_few_message,
    )


@bp.route("/zaken/<int:case_id>/vragenlijsten/<int:meeting_number>/blad")
@login_required
def sheet(case_id: int, meeting_number: int):
    """A printable sheet: per form a large QR code, the link and a short explanation."""
    case = q.get_case(db(), actor(), case_id)
    links = [link for link in store.links_for_case(db(), case.id) if link.meeting_number == meeting_number]
    if not links:
        abort(404)
    items = []
    for link in links:
        url = link_url(link)
        items.append(
            {
                "link": link,
                "url": url,
                "qr": qr_svg(url, scale=6) if url else None,
                "title": qn.question_set(link.form, link.version).title,
                "label": qn.FORM_LABELS[link.form],
            }
        )
    return render_template("questionnaires/sheet.html", case=case, items=items, meeting_number=meeting_number)


@bp.route("/zaken/<int:case_id>/vragenlijsten/<int:meeting_number>/maken", methods=["POST"])
@login_required
def make_links(case_id: int, meeting_number: int):
    """Links for a meeting recorded before questionnaires existed."""
    case = q.get_case(db(), actor(), case_id)
    if meeting_number not in {m.get("nummer") for m in held_meetings(case)}:
        abort(404)
    key, days = settings().secret_key, settings().vragenlijst_dagen
    store.make_links(uow(), case.id, meeting_number, key=key, days=days)
    flash(f"De links voor bijeenkomst {meeting_number} zijn gemaakt.")
    return redirect(url_for("questionnaires.case_links", case_id=case.id))


@bp.route("/zaken/<int:case_id>/vragenlijsten/link/<int:link_id>/uitgedeeld", methods=["POST"])
@login_required
def handed_out(case_id: int, link_id: int):
    case = q.get_case(db(), actor(), case_id)
    try:
        count = parse_one(HANDED_OUT, request.form.get("uitgedeeld"))
    except InvalidInput:
        flash(f"Aantal uitgedeeld: vul een heel getal in van 0 tot en met {MAX_HANDED_OUT}.", "error")
        return redirect(url_for("questionnaires.case_links", case_id=case.id))
    link = store.record_handed_out(uow(), case.id, link_id, count) or abort(404)
    label = qn.FORM_LABELS[link.form].lower()
    flash(f"Opgeslagen: {'geen' if count is None else count} vragenlijsten uitgedeeld ({label}).")
    return redirect(url_for("questionnaires.case_links", case_id=case.id) + f"#link-{link_id}")


@bp.route("/zaken/<int:case_id>/vragenlijsten/link/<int:link_id>/vernieuwen", methods=["POST"])
@login_required
def renew(case_id: int, link_id: int):
    """A new link (the old one stops working) open for a new period; answers given so far stay."""
    case = q.get_case(db(), actor(), case_id)
    key, days = settings().secret_key, settings().vragenlijst_dagen
    if not store.renew_case_link(uow(), case.id, link_id, key=key, days=days):
        abort(404)
    flash("Er is een nieuwe link gemaakt; de oude link werkt niet meer.")
    return redirect(url_for("questionnaires.case_links", case_id=case.id) + f"#link-{link_id}")
