"""How many production modules spell each field name of the exchange format registration-v1 (issue 13's
measure: a field named in many modules is a field that will drift). Prints per field and the average.

    python bench/field_spread.py
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
try:
    from workflow.registration.format import FIELDS, MEETING_FIELDS, PERSON_FIELDS, PLAN_FIELDS  # noqa: E402
except ImportError:  # before the schema (for comparison)
    from workflow.registration_format import FIELDS, MEETING_FIELDS, PERSON_FIELDS, PLAN_FIELDS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("workflow", "storage", "web", "notifications")
# The registration record's own fields (what a coordinator records; the application's fields come from intake).
RECORDED = (
    "achtergrondproblemen",
    "onderwerpen",
    "professionele_hulp",
    "redenen_niet_doorgaan",
    "cijfer_samenwerking_aanmelder",
    "cijfer_samenwerking_regiomanager",
    "locatie",
    "dagdeel",
    "duur_totaal_uur",
    "duur_besloten_uur",
    "vorm",
    "aanwezigen",
    "uitgenodigd_niet_aanwezig",
    "resultaat",
    "evaluatieafspraken",
    "noodplan",
    "vraag_professionele_hulp",
    "acceptatie_professional",
)


def modules() -> list[Path]:
    """Every production Python module (migrations excluded: they are history, not code that drifts)."""
    return [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py") if "migrations" not in p.parts]


def spread(name: str, files: list[tuple[Path, str]]) -> int:
    """Modules that spell `name` as code: a string "name", an attribute .name, or a keyword name=."""
    word = re.escape(name)
    pattern = re.compile(rf"""["']{word}["']|\.{word}\b|\b{word}=""")
    return sum(1 for _, text in files if pattern.search(text))


def main() -> None:
    files = [(p, p.read_text()) for p in modules()]
    names = list(dict.fromkeys((*FIELDS, *PERSON_FIELDS, *MEETING_FIELDS, *PLAN_FIELDS)))
    counts = {name: spread(name, files) for name in names}
    for name, n in sorted(counts.items(), key=lambda item: -item[1]):
        print(f"{n:3d}  {name}")
    print(f"average over all {len(counts)} fields: {sum(counts.values()) / len(counts):.2f} modules")
    recorded = [counts[name] for name in RECORDED]
    print(f"average over the {len(RECORDED)} fields a coordinator records: {sum(recorded) / len(recorded):.2f} modules")


if __name__ == "__main__":
    main()
