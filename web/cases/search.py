"""Finding a case: the search page behind the header's search box (storage/case_search.py does the finding)."""

from flask import render_template, request
from flask_login import login_required

from storage.case_listing import Sorting, hints_for
from storage.case_search import parse_search_text, search_cases
from web.cases import queries as q
from web.cases.blueprint import bp
from web.context import actor, db
from web.listing import listing_from
from workflow.errors import InvalidInput

SEARCH_SORTS = ("zaak", "fase", "gemeente", "aangemeld")
NEWEST_FIRST = Sorting("aangemeld", descending=True)


@bp.route("/zoeken")
@login_required
def search():
    """The cases the user may see whose reference, main person, referrer or municipality holds the text."""
    raw = request.args.get("q", "")
    try:
        text = parse_search_text(raw)
    except InvalidInput as problem:
        return _page("", None, None, problem.errors["q"]), 400
    listing = listing_from(request.args, SEARCH_SORTS, NEWEST_FIRST, {"q": text})
    if not text:
        return _page("", listing, None, None)
    found = listing.show(search_cases(db(), actor(), text, listing.sorting, listing.page))
    return _page(text, listing, found, None)


def _page(text, listing, found, error):
    session = db()
    rows = found.rows if found else []
    return render_template(
        "cases/search.html",
        text=text,
        listing=listing,
        found=found,
        error=error,
        hints=hints_for(session, {r.id for r in rows}),
        places=q.municipality_names(session, {r.municipality_id for r in rows}),
        coordinators=q.coordinator_names(session, {r.coordinator_id for r in rows if r.coordinator_id}),
    )
