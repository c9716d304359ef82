"""What kind of answer a question wants (a person, a time, a number) and whether a piece of
text shows one: shared by retrieval (ranking passages) and answering (picking sentences).
"""
from __future__ import annotations

import re

HOW_MANY = re.compile(r"\b(how (many|much)|what (number|percentage|proportion|share) of)\b",
                      re.I)
NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                    r"twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|dozen|"
                    r"half|third|quarter)\b", re.I)

WANTS = {
    "person": re.compile(r"^\s*(who|whom|whose)\b|^\s*(which|what)\b[^?]{0,30}\b(officer|"
                         r"person|inspector|spokes\w*|leader|lead|individual|official|"
                         r"constable|commissioner|chief)s?\b", re.I),
    "time": re.compile(r"^\s*(when|what (date|year|month|day|time)|since when|how long ago)\b",
                       re.I),
    "number": HOW_MANY,
}
SHOWS = {
    "person": re.compile(r"\b(Chief Constable|Constable|Inspector|Commissioner|Superintendent|"
                         r"[Ss]pokes(person|man|woman)|Minister|Director|Sergeant|Detective|"
                         r"Chief Officer|Mayor|Chair)\b|\b[A-Z][a-z]+ [A-Z][a-z]+,? (said|says|"
                         r"added|told)\b"),
    "time": re.compile(r"\b(January|February|March|April|May|June|July|August|September|"
                       r"October|November|December|(19|20)\d\d|last (year|month|week)|"
                       r"this (year|month)|yesterday|today)\b"),
    "number": NUMBER,
}


def wanted(question: str) -> list[str]:
    """The kinds of answer the question asks for (usually none, sometimes one)."""
    return [kind for kind, pattern in WANTS.items() if pattern.search(question)]


def shows(text: str, kinds: list[str]) -> bool:
    """True when the text holds an answer of one of the kinds."""
    return any(SHOWS[kind].search(text) for kind in kinds)
