"""/beheer/inzage: an inzageverzoek, everything stored about one person as a JSON file (admin only: the
admin blueprint's before_request checks the role). Each case in the file is written to the access log."""

import re

from flask import Response, render_template, request
from flask_login import current_user

from storage.audit import log_access
from storage.inzage import MAX_QUERY, dumps, fold, person_export
from web.admin.blueprint import bp
from web.context import clock, db
from workflow.errors import InvalidInput

VIA = "inzage"


@bp.route("/inzage")
def inzage():
    """The search form; with ?naam=… the JSON file with everything about people of that name."""
    if "naam" not in request.args:
        return render_template("admin/inzage.html", naam="", error=None)
    raw = request.args.get("naam", "")
    now = clock().now()
    try:
        document = person_export(db(), raw, now, current_user.email)
    except InvalidInput as problem:
        return render_template("admin/inzage.html", naam=raw[:MAX_QUERY], error=problem.errors["naam"]), 400
    for case_id in document["zaak_ids"]:
        log_access(db(), case_id, current_user.id, now, VIA, request.path)
    slug = re.sub(r"[^a-z0-9]+", "-", fold(document["verzoek"]["naam"])).strip("-")[:40] or "persoon"
    return Response(
        dumps(document),
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="inzage-{slug}-{now:%Y%m%d}.json"',
            "Cache-Control": "no-store",
        },
    )
