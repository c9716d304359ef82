"""UK police forces: their official names, the short forms people use, and finding them in text.

Owns the table of forces (the 43 territorial forces of England and Wales, Police Scotland, the
Police Service of Northern Ireland, British Transport Police, the Ministry of Defence Police, the
Civil Nuclear Constabulary, the National Crime Agency and the forces of the Isle of Man, Jersey
and Guernsey), each with its canonical official name,
its aliases ("Wilts", "the Met", "GMP", "Avon & Somerset", "Dyfed Powys") and its kind; turning
any of those into the canonical name; and spotting the forces a piece of text mentions.

Leaves to others: which force a document is about (metadata counts the mentions found here),
narrowing or boosting a search by force (retrieval), and every body that is not a police force.
An area name followed by another body ("Wiltshire Council", "Kent Fire and Rescue", "University
of Essex") is not a force mention; a police and crime commissioner counts as the force.

Matching in text: whole words, longest alias first ("Devon and Cornwall Police" is one force,
"South Wales Police" is not "Wales"), case-insensitive except for acronyms ("GMP", "MPS") and
short forms that are also ordinary words: "Beds" needs its capital, and "Met" counts only as
"the Met", "Met Police" or "Met's" (so "we met the inspectors" names no force). In what
people type (a question: `typed=True`), an acronym in lower case ("gmp") and a misspelt county
name ("Cambridgshire") count too; documents are read as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

KINDS = ("territorial", "scotland", "northern ireland", "national", "crown dependency")


@dataclass(frozen=True)
class Force:
    """A police force: its official name, the other names and short forms used for it, its kind."""

    name: str
    aliases: tuple[str, ...]
    kind: str  # one of KINDS


# Bodies in the table that pass forces their work (referrals "from the National Crime Agency"):
# named beside a force, they are where the work came from, not a force asked or told about
REFERRERS = frozenset({"National Crime Agency"})


def _variants(alias: str) -> list[str]:
    """The alias with its '&'/'and' and hyphen/space spellings."""
    forms = [alias]
    if " and " in alias:
        forms.append(alias.replace(" and ", " & "))
    if " & " in alias:
        forms.append(alias.replace(" & ", " and "))
    forms += [form.replace("-", " ") for form in forms if "-" in form]
    return forms


def _force(name: str, kind: str, names: list[str]) -> Force:
    """A Force whose aliases are `names` and every spelling variant, without repeats."""
    aliases: list[str] = []
    for alias in [name, *names]:
        for form in _variants(alias):
            if form != name and form not in aliases:
                aliases.append(form)
    return Force(name, tuple(aliases), kind)


def _territorial(name: str, *, short: tuple[str, ...] = (), areas: tuple[str, ...] = (),
                 other: tuple[str, ...] = ()) -> Force:
    """A territorial force named after its area: adds the bare area name, the Police/Constabulary
    twin people mix up, `areas` (counties wholly inside the force), each short form and
    'short Police', and `other` names (acronyms, Welsh and former names)."""
    area = name.removesuffix(" Police").removesuffix(" Constabulary")
    twin = f"{area} Constabulary" if name.endswith(" Police") else f"{area} Police"
    names = [area, twin, *areas, *short, *(f"{s} Police" for s in short), *other]
    return _force(name, "territorial", names)


FORCES: tuple[Force, ...] = (
    # The 43 territorial forces of England and Wales.
    _territorial("Avon and Somerset Constabulary", areas=("Somerset", "South Gloucestershire"),
                 other=("A&S",)),
    _territorial("Bedfordshire Police", short=("Beds",)),
    _territorial("Cambridgeshire Constabulary", short=("Cambs",)),
    _territorial("Cheshire Constabulary"),
    _territorial("City of London Police", other=("CoLP",)),
    _territorial("Cleveland Police"),
    _territorial("Cumbria Constabulary"),
    _territorial("Derbyshire Constabulary", short=("Derbys",)),
    _territorial("Devon and Cornwall Police", areas=("Devon", "Cornwall"), other=("D&C",)),
    _territorial("Dorset Police"),
    _territorial("Durham Constabulary", areas=("County Durham",)),
    _territorial("Dyfed-Powys Police", areas=("Powys", "Carmarthenshire", "Ceredigion",
                                              "Pembrokeshire"), other=("Heddlu Dyfed-Powys",)),
    _territorial("Essex Police"),
    _territorial("Gloucestershire Constabulary", short=("Glos", "Gloucs")),
    _territorial("Greater Manchester Police", other=("GMP",)),
    _territorial("Gwent Police", other=("Heddlu Gwent",)),
    _territorial("Hampshire and Isle of Wight Constabulary", short=("Hants",),
                 areas=("Hampshire", "Isle of Wight", "Hampshire & IOW"),
                 other=("Hampshire Constabulary", "Hampshire Police")),
    _territorial("Hertfordshire Constabulary", short=("Herts",)),
    _territorial("Humberside Police", areas=("East Riding of Yorkshire", "East Riding",
                                             "North Lincolnshire", "North East Lincolnshire")),
    _territorial("Kent Police"),
    _territorial("Lancashire Constabulary", short=("Lancs",)),
    _territorial("Leicestershire Police", short=("Leics",), areas=("Rutland",)),
    _territorial("Lincolnshire Police", short=("Lincs",)),
    _territorial("Merseyside Police"),
    _force("Metropolitan Police Service", "territorial",
           ["Metropolitan Police", "the Met", "Met", "Met Police", "Met Police Service", "MPS",
            "Scotland Yard", "New Scotland Yard"]),
    _territorial("Norfolk Constabulary"),
    _territorial("North Wales Police", other=("Heddlu Gogledd Cymru", "NWP")),
    _territorial("North Yorkshire Police", short=("North Yorks",), other=("NYP",)),
    _territorial("Northamptonshire Police", short=("Northants",)),
    _territorial("Northumbria Police", areas=("Northumberland", "Tyne and Wear")),
    _territorial("Nottinghamshire Police", short=("Notts",)),
    _territorial("South Wales Police", other=("Heddlu De Cymru", "SWP")),
    _territorial("South Yorkshire Police", short=("South Yorks",), other=("SYP",)),
    _territorial("Staffordshire Police", short=("Staffs",)),
    _territorial("Suffolk Constabulary"),
    _territorial("Surrey Police"),
    _territorial("Sussex Police"),
    _territorial("Thames Valley Police", areas=("Berkshire", "Buckinghamshire", "Oxfordshire"),
                 other=("TVP",)),
    _territorial("Warwickshire Police", short=("Warks", "Warwicks")),
    _territorial("West Mercia Police", areas=("Worcs", "Worcestershire", "Herefordshire",
                                              "Shropshire")),
    _territorial("West Midlands Police", short=("West Mids",), other=("WMP",)),
    _territorial("West Yorkshire Police", short=("West Yorks",), other=("WYP",)),
    _territorial("Wiltshire Police", short=("Wilts",)),
    # The rest of the UK, and the national forces and agency HMICFRS also inspects.
    _force("Police Scotland", "scotland", ["Police Service of Scotland"]),
    _force("Police Service of Northern Ireland", "northern ireland", ["PSNI"]),
    _force("British Transport Police", "national", ["BTP"]),
    _force("Ministry of Defence Police", "national", ["MDP", "MOD Police", "MoD Police"]),
    _force("Civil Nuclear Constabulary", "national", ["CNC"]),
    _force("National Crime Agency", "national", ["NCA"]),
    # The Crown Dependencies' forces, which HMICFRS inspects at their governments' invitation.
    _force("Isle of Man Constabulary", "crown dependency", ["Isle of Man Police"]),
    _force("States of Jersey Police", "crown dependency", ["Jersey Police"]),
    _force("Bailiwick of Guernsey Law Enforcement", "crown dependency",
           ["States of Guernsey Police Service", "States of Guernsey Police", "Guernsey Police"]),
)

# Matched in text with exactly this case (the first word; any later words in any case).
_CASE_SENSITIVE = {"GMP", "MPS", "BTP", "WMP", "TVP", "PSNI", "CNC", "MDP", "NCA", "CoLP",
                   "WYP", "SYP", "NYP", "NWP", "SWP", "D&C", "A&S",
                   "Beds", "Met Police", "Met Police Service"}
# Aliases that need more context than their own words to be a force.
_SPECIAL_PATTERNS = {
    "Met": r"Met(?=['’]s(?!\w))",  # "the Met's" is caught by "the Met"; this is "Met's"
    "the Met": r"[Tt]he\s+Met(?!\w|\s+Office)",
}
# An area name (not a full force name) next to these is about another body.
_OTHER_BODY_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:(?:county|city|borough|district|unitary|town|parish)\s+)?"
    r"(?:councils?|fire|ambulance|nhs|university|hospitals?|healthcare|combined\s+authority|"
    r"integrated\s+care|clinical\s+commissioning|airport|corporation|trains|railways?|"
    r"county\s+cricket|cricket|wildlife\s+trust)\b", re.I)
_OTHER_BODY_BEFORE = re.compile(r"\b(?:university|duke|duchess|earl|bishop|diocese)\s+of\s+$",
                                re.I)
_POLICE_WORD = re.compile(r"police|constabulary|heddlu", re.I)
_FOLD = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"})


def _key(name: str) -> str:
    """Lookup form: casefolded, one space between words, plain apostrophes and hyphens."""
    return " ".join(name.translate(_FOLD).split()).casefold()


@cache
def _lookup() -> dict[str, str]:
    """Every name and alias (lookup form) -> canonical name; a clash is a bug in FORCES."""
    table: dict[str, str] = {}
    for force in FORCES:
        for alias in (force.name, *force.aliases):
            owner = table.setdefault(_key(alias), force.name)
            if owner != force.name:
                raise ValueError(f"alias {alias!r} names both {owner} and {force.name}")
    return table


def _alias_pattern(alias: str) -> str:
    """The regex for one alias: words separated by any whitespace, any dash in hyphens."""
    if alias in _SPECIAL_PATTERNS:
        return _SPECIAL_PATTERNS[alias]
    words = ["[-‐‑–]".join(re.escape(part) for part in word.split("-"))
             for word in alias.split()]
    if alias not in _CASE_SENSITIVE:
        return "(?i:" + r"\s+".join(words) + ")"
    rest = r"\s+".join(words[1:])
    return words[0] + (r"\s+(?i:" + rest + ")" if rest else "")


@cache
def _matcher() -> re.Pattern[str]:
    """One alternation of every name and alias, longest first so the longest match wins."""
    aliases = {alias for force in FORCES for alias in (force.name, *force.aliases)}
    ordered = sorted(aliases, key=lambda a: (-len(a), a))
    return re.compile(r"(?<!\w)(?:" + "|".join(map(_alias_pattern, ordered)) + r")(?!\w)")


def _is_other_body(text: str, match: re.Match[str]) -> bool:
    """True when a bare area name is really part of a council, fire service, university..."""
    if _POLICE_WORD.search(match.group()):
        return False
    before = _OTHER_BODY_BEFORE.search(text, max(0, match.start() - 40), match.start())
    return bool(_OTHER_BODY_AFTER.match(text, match.end()) or before)


def force_spans(text: str, typed: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of every force mention in `text`, in order; with
    `typed`, also of what people type and documents do not: words that misspell a force's
    one-word name ("Cambridgshire", "Glouscestershire") and acronyms in lower case ("gmp")."""
    spans = [(m.start(), m.end(), _lookup()[_key(m.group())])
             for m in _matcher().finditer(text) if not _is_other_body(text, m)]
    if typed:
        spans = sorted(spans + [s for s in _misspelt(text) + _lower_case_acronyms(text)
                                if not any(a < s[1] and s[0] < b for a, b, _ in spans)])
    return spans


_LONG_WORD = re.compile(r"(?<![\w-])[A-Za-z]{8,}(?![\w-])")
_ACRONYM_TYPED = re.compile(r"(?<![\w.@/-])[a-z]{3,4}(?![\w.@/-])")


def _lower_case_acronyms(text: str) -> list[tuple[int, int, str]]:
    """An acronym typed in lower case ("gmp", "tvp"), unless it is also a word ("mps")."""
    out = []
    for m in _ACRONYM_TYPED.finditer(text):
        acronym = m.group().upper()
        if acronym in _CASE_SENSITIVE and acronym.isupper() and acronym != "MPS":
            out.append((m.start(), m.end(), _lookup()[_key(acronym)]))
    return out


def _misspelt(text: str) -> list[tuple[int, int, str]]:
    """Words of eight letters or more, no English word, within two edits (a swapped pair is
    one) of exactly one force's one-word name or alias that starts with the same three letters:
    "Cambridgshire" is Cambridgeshire Constabulary, "Warwickshre" Warwickshire Police."""
    from lemminflect import getAllLemmas
    from rapidfuzz.distance import OSA
    out = []
    for m in _LONG_WORD.finditer(text):
        word = m.group().casefold()
        if word in _lookup() or getAllLemmas(word):
            continue
        near = {name for alias, name in _one_word_names() if alias[:3] == word[:3]
                and OSA.distance(word, alias, score_cutoff=2) <= 2}
        if len(near) == 1:
            out.append((m.start(), m.end(), near.pop()))
    return out


@cache
def _one_word_names() -> tuple[tuple[str, str], ...]:
    """(alias, canonical name) for every force name or alias of one word of eight letters or
    more, in lookup form."""
    return tuple((alias, name) for alias, name in _lookup().items()
                 if len(alias) >= 8 and alias.isalpha())


def find_forces(text: str, typed: bool = False) -> list[str]:
    """Canonical names of the forces `text` mentions, in order of first mention, no repeats
    (`typed`: as force_spans)."""
    found: list[str] = []
    for _start, _end, name in force_spans(text, typed):
        if name not in found:
            found.append(name)
    return found


def canonical_force(name: str) -> str | None:
    """The canonical name for any name, alias or short form of a force (any case, possessive or
    leading 'the' allowed), else None."""
    key = _key(name)
    bare = re.sub(r"^the |'s?$", "", key)
    return _lookup().get(key) or _lookup().get(bare)


def force_names() -> list[str]:
    """Every canonical force name, sorted."""
    return sorted(force.name for force in FORCES)


# What a catalog's force cell says for a document about no single force (a thematic report, a
# compendium of many forces): the force stays empty and is not inferred from the text.
NO_FORCE = "none"
_NO_FORCE_WORDS = {"none", "no force", "no single force", "many", "many forces", "all forces",
                   "thematic", "n/a"}
FORCE_SEPARATOR = "; "  # between the forces of a document about several


def is_no_force(value: str) -> bool:
    return " ".join(str(value or "").lower().split()) in _NO_FORCE_WORDS


def forces_of(value: str) -> tuple[str, ...]:
    """The forces a document's force field names, canonical where known: '' or 'none' none,
    'Kent; Essex Police' both."""
    if is_no_force(value):
        return ()
    parts = [p.strip() for p in str(value or "").split(";")]
    return tuple(dict.fromkeys(canonical_force(p) or p for p in parts if p))
