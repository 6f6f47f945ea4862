"""The public page of a shared plan, /plan/<token>: no login; it asks for the code of six digits and answers
the PDF for the right one. A wrong code is refused, the fifth locks the link; an expired or revoked link gets
its own page (410). Nothing here is cached, and the token never leaves in a Referer header."""

from flask import make_response, render_template, request

from storage import plan_shares as shares
from web.context import clock, db, uow
from web.plan_share.blueprint import bp

MAX_RAW = 200
REFUSALS = {
    shares.UNKNOWN: (
        "Deze link klopt niet",
        "We kunnen geen plan vinden bij deze link. Misschien is hij niet helemaal goed overgenomen uit de e-mail. "
        "Vraag de coördinator om een nieuwe link.",
        404,
    ),
    shares.EXPIRED: (
        "Deze link is verlopen",
        "Een link naar het plan werkt 30 dagen. Deze is te oud. Vraag de coördinator om een nieuwe link.",
        410,
    ),
    shares.REVOKED: (
        "Deze link is ingetrokken",
        "De coördinator heeft deze link ingetrokken: hij opent het plan niet meer. Vraag de coördinator om een "
        "nieuwe link als u het plan nodig heeft.",
        410,
    ),
    shares.LOCKED: (
        "Deze link is geblokkeerd",
        "Er is te vaak een verkeerde code ingevuld. Om het plan te beschermen werkt deze link niet meer. Vraag de "
        "coördinator om een nieuwe link.",
        403,
    ),
}


@bp.route("/plan/<token>", methods=["GET", "POST"])
def open_plan(token: str):
    token = token[:MAX_RAW]
    if request.method == "GET":
        problem = shares.link_problem(shares.find(db(), token), clock().now())
        return _refused(problem) if problem else _code_page(token, "")
    attempt = shares.try_code(uow(), token, request.form.get("code", "")[:MAX_RAW])
    if attempt.pdf is not None:
        response = _private(attempt.pdf)
        response.headers["Content-Type"] = "application/pdf"
        response.headers["Content-Disposition"] = f'attachment; filename="plan-{attempt.ref}.pdf"'
        return response
    if attempt.problem == shares.MALFORMED:
        return _code_page(token, "Vul de code van zes cijfers in."), 400
    if attempt.problem == shares.WRONG:
        left = attempt.tries_left
        tries = "nog één keer" if left == 1 else f"nog {left} keer"
        return _code_page(token, f"Deze code klopt niet. U kunt het {tries} proberen."), 400
    return _refused(attempt.problem)


def _code_page(token: str, error: str):
    return _private(render_template("plan_share/code.html", token=token, error=error))


def _refused(problem: str):
    title, text, status = REFUSALS[problem]
    return _private(render_template("plan_share/refused.html", title=title, text=text)), status


def _private(body):
    response = make_response(body)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
