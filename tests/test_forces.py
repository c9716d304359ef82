from qa.forces import FORCES, KINDS, canonical_force, find_forces, force_names


def test_there_are_43_territorial_forces():
    assert sum(force.kind == "territorial" for force in FORCES) == 43


def test_every_kind_is_known():
    assert {force.kind for force in FORCES} <= set(KINDS)


def test_other_uk_and_national_forces_are_covered():
    for name in ["Police Scotland", "Police Service of Northern Ireland",
                 "British Transport Police", "Ministry of Defence Police",
                 "Civil Nuclear Constabulary", "City of London Police", "National Crime Agency"]:
        assert name in force_names()


def test_the_crown_dependencies_forces_are_forces_and_their_islands_alone_are_not():
    # HMICFRS inspects them by invitation: a question about one asks about a force the
    # library may not cover, not about no force at all
    assert find_forces("isle of man constabulary inspection grades", typed=True) == \
        ["Isle of Man Constabulary"]
    assert find_forces("What did Jersey Police change?", typed=True) == ["States of Jersey Police"]
    assert canonical_force("States of Guernsey Police Service") == \
        "Bailiwick of Guernsey Law Enforcement"
    assert find_forces("New Jersey and the Isle of Man ferry timetable") == []


def test_force_names_are_sorted_and_unique():
    names = force_names()
    assert names == sorted(names)
    assert len(names) == len(set(names)) == len(FORCES)


def test_every_name_maps_to_itself():
    for force in FORCES:
        assert canonical_force(force.name) == force.name


def test_every_alias_maps_to_its_force():
    for force in FORCES:
        for alias in force.aliases:
            assert canonical_force(alias) == force.name, alias


def test_every_alias_is_found_in_text():
    # "'s" because bare "Met" only counts as "Met's".
    for force in FORCES:
        for alias in (force.name, *force.aliases):
            assert find_forces(f"A report on {alias}'s work was published today.") == \
                [force.name], alias


def test_short_forms():
    expected = {
        "Wilts": "Wiltshire Police", "Wilts Police": "Wiltshire Police",
        "Glos": "Gloucestershire Constabulary", "Glos Police": "Gloucestershire Constabulary",
        "Gloucs": "Gloucestershire Constabulary",
        "Gloucestershire Police": "Gloucestershire Constabulary",
        "the Met": "Metropolitan Police Service", "Met Police": "Metropolitan Police Service",
        "Metropolitan Police": "Metropolitan Police Service", "MPS": "Metropolitan Police Service",
        "GMP": "Greater Manchester Police", "West Mids": "West Midlands Police",
        "West Mids Police": "West Midlands Police", "WMP": "West Midlands Police",
        "Staffs": "Staffordshire Police", "Staffs Police": "Staffordshire Police",
        "Warks": "Warwickshire Police", "Warwicks": "Warwickshire Police",
        "Lancs": "Lancashire Constabulary", "Leics": "Leicestershire Police",
        "Lincs": "Lincolnshire Police", "Northants": "Northamptonshire Police",
        "Notts": "Nottinghamshire Police", "Herts": "Hertfordshire Constabulary",
        "Beds": "Bedfordshire Police", "Cambs": "Cambridgeshire Constabulary",
        "Hants": "Hampshire and Isle of Wight Constabulary", "Derbys": "Derbyshire Constabulary",
        "Worcs": "West Mercia Police", "BTP": "British Transport Police",
        "MDP": "Ministry of Defence Police", "CNC": "Civil Nuclear Constabulary",
        "PSNI": "Police Service of Northern Ireland", "TVP": "Thames Valley Police",
        "South Yorks": "South Yorkshire Police", "West Yorks": "West Yorkshire Police",
        "North Yorks": "North Yorkshire Police", "Humberside": "Humberside Police",
        "Dyfed Powys": "Dyfed-Powys Police", "Avon & Somerset": "Avon and Somerset Constabulary",
        "Avon and Somerset": "Avon and Somerset Constabulary",
        "Devon and Cornwall": "Devon and Cornwall Police", "Thames Valley": "Thames Valley Police",
        "Sussex": "Sussex Police", "Surrey": "Surrey Police", "Kent": "Kent Police",
        "Essex": "Essex Police", "Wiltshire": "Wiltshire Police",
        "Wiltshire Constabulary": "Wiltshire Police",
    }
    for alias, name in expected.items():
        assert canonical_force(alias) == name, alias


def test_canonical_force_ignores_case_space_possessives():
    assert canonical_force("  wiltshire POLICE ") == "Wiltshire Police"
    assert canonical_force("the met") == "Metropolitan Police Service"
    assert canonical_force("Wiltshire's") == "Wiltshire Police"
    assert canonical_force("Staffs'") == "Staffordshire Police"
    assert canonical_force("Dyfed–Powys Police") == "Dyfed-Powys Police"


def test_canonical_force_unknown():
    assert canonical_force("Wiltshire Council") is None
    assert canonical_force("") is None
    assert canonical_force("HMICFRS") is None


def test_find_forces_in_questions():
    assert find_forces("What did Wiltshire change on domestic abuse training?") == \
        ["Wiltshire Police"]
    assert find_forces("Compare Staffs and Glos on missing children") == \
        ["Staffordshire Police", "Gloucestershire Constabulary"]
    assert find_forces("How did the Met respond?") == ["Metropolitan Police Service"]


def test_met_only_in_force_contexts():
    assert find_forces("we met the inspectors") == []
    assert find_forces("Officers met police partners. Met the team.") == []
    assert find_forces("The Met Office issued a warning") == []
    met = ["Metropolitan Police Service"]
    assert find_forces("the Met's vetting") == met
    assert find_forces("Met police officers") == met
    assert find_forces("The Met said") == met
    assert find_forces("the met office forecast") == []
    assert find_forces("the team we met with") == []


def test_acronyms_are_case_sensitive():
    assert find_forces("MPs debated the report") == []
    assert find_forces("gmp and btp") == []
    assert find_forces("GMP and BTP") == ["Greater Manchester Police", "British Transport Police"]
    assert find_forces("there are not enough hospital beds") == []


def test_longest_match_wins():
    assert find_forces("Devon and Cornwall Police has made significant progress") == \
        ["Devon and Cornwall Police"]
    assert find_forces("West Midlands Police") == ["West Midlands Police"]
    assert find_forces("South Wales Police and North Wales Police") == \
        ["South Wales Police", "North Wales Police"]
    assert find_forces("Hampshire and Isle of Wight Constabulary") == \
        ["Hampshire and Isle of Wight Constabulary"]
    assert find_forces("North Lincolnshire") == ["Humberside Police"]


def test_possessives():
    assert find_forces("Wiltshire's response to missing children") == ["Wiltshire Police"]
    assert find_forces("Wiltshire’s response") == ["Wiltshire Police"]
    assert find_forces("Staffs' action plan") == ["Staffordshire Police"]


def test_spelling_variants():
    assert find_forces("Avon & Somerset Constabulary") == ["Avon and Somerset Constabulary"]
    assert find_forces("Dyfed Powys and Dyfed–Powys Police") == ["Dyfed-Powys Police"]
    assert find_forces("Wiltshire\nPolice") == ["Wiltshire Police"]
    assert find_forces("WILTSHIRE POLICE") == ["Wiltshire Police"]


def test_other_bodies_are_not_forces():
    assert find_forces("Wiltshire Council") == []
    assert find_forces("Kent County Council and Essex County Fire and Rescue Service") == []
    assert find_forces("Greater Manchester Fire & Rescue") == []
    assert find_forces("the University of Sussex") == []
    assert find_forces("Wiltshire Council worked with Wiltshire Police") == ["Wiltshire Police"]


def test_police_and_crime_commissioner_counts_as_force():
    assert find_forces("the Wiltshire Police and Crime Commissioner") == ["Wiltshire Police"]
    assert find_forces("Staffordshire Police, Fire and Crime Commissioner") == \
        ["Staffordshire Police"]


def test_duplicates_collapse_in_order_of_first_mention():
    text = "Wiltshire Police, then GMP, then Wilts again and Wiltshire's plan."
    assert find_forces(text) == ["Wiltshire Police", "Greater Manchester Police"]


def test_unknown_text():
    assert find_forces("The inspectorate published its annual assessment.") == []
    assert find_forces("") == []
    hmicfrs = "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services"
    assert find_forces(hmicfrs) == []


def test_a_misspelt_county_name_in_a_question_is_its_force():
    """What people type ("Cambridgshire"), found when asked for (questions), never in
    documents; a misspelling as near to two forces' names ("Hertfordshre": Hertfordshire or
    Herefordshire) names neither, and an English word is never a force."""
    assert find_forces("How did Cambridgshire do?", typed=True) == \
        ["Cambridgeshire Constabulary"]
    assert find_forces("How did Cambridgshire do?") == []
    assert find_forces("Warwickshre and glouscestershire grades", typed=True) == \
        ["Warwickshire Police", "Gloucestershire Constabulary"]
    assert find_forces("Hertfordshre custody", typed=True) == []
    assert find_forces("considerable improvement in Lancaster", typed=True) == []
    assert find_forces("Lincolnshire and Lincolnshre", typed=True) == ["Lincolnshire Police"]


def test_an_acronym_typed_in_lower_case_in_a_question_is_its_force():
    assert find_forces("gmp and btp grades", typed=True) == \
        ["Greater Manchester Police", "British Transport Police"]
    assert find_forces("gmp and btp grades") == []  # documents: acronyms need their capitals
    assert find_forces("mps debated it", typed=True) == []  # MPs
    assert find_forces("see www.nca.gov.uk/tvp", typed=True) == []  # not in an address



def test_forces_common_acronyms_name_them():
    assert find_forces("WYP and SYP custody; NYP, NWP and SWP grades") == [
        "West Yorkshire Police", "South Yorkshire Police", "North Yorkshire Police",
        "North Wales Police", "South Wales Police"]
    assert find_forces("D&C vs A&S on missing children") == [
        "Devon and Cornwall Police", "Avon and Somerset Constabulary"]
    assert find_forces("wyp custody", typed=True) == ["West Yorkshire Police"]
    assert find_forces("wyp custody") == []  # documents: acronyms need their capitals
