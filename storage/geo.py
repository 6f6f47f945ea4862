"""Provinces, regions and municipalities: loaded once from the bundled CBS list, idempotently."""

import csv
from pathlib import Path

from sqlmodel import Session, select

from storage.models import Municipality, Region

MUNICIPALITIES_CSV = Path(__file__).parent / "data" / "gemeenten.csv"


def municipality_rows() -> list[tuple[str, str]]:
    """(municipality, province) pairs from the bundled list."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as handle:
        return [(row["gemeente"], row["provincie"]) for row in csv.DictReader(handle)]


def ensure_geography(session: Session) -> int:
    """Create one region per province and every municipality in its province's region; return how many
    municipalities were added. Regions can be redrawn later by moving municipalities between regions."""
    regions = {r.name: r for r in session.exec(select(Region)).all()}
    known = set(session.exec(select(Municipality.name)).all())
    added = 0
    for name, province in municipality_rows():
        if name in known:
            continue
        if province not in regions:
            regions[province] = Region(name=province)
            session.add(regions[province])
            session.flush()
        session.add(Municipality(name=name, province=province, region_id=regions[province].id))
        added += 1
    session.commit()
    return added
