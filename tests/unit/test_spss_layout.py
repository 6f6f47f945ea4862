"""The SPSS layout is derived from the registration schema: every field of registration-v1 has its variables,
names and labels fit SPSS's limits, and a file's slots are found from its names."""

from workflow.registration import schema
from workflow.registration.spss import Layout, mr_sets, variables


def test_every_exchange_field_has_variables_with_valid_names_and_labels():
    found = variables(Layout(persons=6, meetings=3, changes=2, follow_ups=2))
    names = [v.name for v in found]
    assert len(names) == len(set(names))
    assert all(len(n.encode()) <= 64 and n[0].isalpha() and n.replace("_", "").isalnum() for n in names)
    assert all(len(v.label.encode()) <= 256 for v in found)
    assert all(len(label.encode()) <= 120 for v in found for label in v.value_labels.values())
    for name, spec in schema.EXCHANGE:
        stem = {"hoofdpersonen": "hoofdpersoon6_", "bijeenkomsten": "bijeenkomst3_", "follow_up": "follow_up2_"}
        if name in stem:
            fields = [f.name for f in spec if getattr(f, "exported", True)]
            assert all(any(n.startswith(stem[name] + f) for n in names) for f in fields), name
        elif name == "plan":
            assert {"plan_acceptatie_professional", "plan_noodplan", "plan_verblijfplaatswijziging2"} <= set(names)
        else:
            assert any(n == name or n.startswith(name + "_") for n in names), name


def test_multi_answer_fields_are_sets_and_slots_are_found_from_names():
    sets = {name: variables_ for name, _, variables_ in mr_sets(variables(Layout(persons=2)))}
    assert set(sets) == {
        "achtergrondproblemen",
        "onderwerpen",
        "redenen_niet_doorgaan",
        "hoofdpersoon1_herkomst_ouders",
        "hoofdpersoon2_herkomst_ouders",
    }
    assert len(sets["onderwerpen"]) == len(schema.CASE_FIELDS[2].choices)
    assert Layout.of_names(["ref", "hoofdpersoon4_soort", "bijeenkomst2_datum", "follow_up3_wie"]) == Layout(4, 2, 1, 3)
    assert Layout.of_names(["ref"]) == Layout()
