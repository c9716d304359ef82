"""What kind of answer a question wants (a person, a time, a number, a grade) and whether a piece of
text shows one: shared by retrieval (ranking passages) and answering (picking sentences).
"""
from __future__ import annotations

import re

HOW_MANY = re.compile(r"\b(how (many|much)|what (number|percentage|proportion|share) of)\b",
                      re.I)
NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                    r"twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|dozen|"
                    r"half|third|quarter)\b", re.I)

_NAME = r"[A-Z][a-z]+(?: [A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)+"

_NOT_BODY = "".join(f"(?<!{w})" for w in ("Police", "Constabulary", "Service", "Services",
                                          "Council", "Inspectorate", "Office", "Government"))

# Inspection grades (HMICFRS's scale); asking for one is asking for one of these words.
GRADES = r"(outstanding|good|adequate|requires improvement|required improvement|inadequate)"
ASKS_GRADE = re.compile(r"\b(grade[sd]?|grading|rated|rating|ratings)\b", re.I)

WANTS = {
    "person": re.compile(r"^\s*(who|whom|whose)\b|^\s*(which|what)\b[^?]{0,30}\b(officer|"
                         r"person|inspector|spokes\w*|leader|lead|individual|official|"
                         r"constable|commissioner|chief)s?\b", re.I),
    "time": re.compile(r"^\s*(when|what (date|year|month|day|time)|since when|how long ago)\b",
                       re.I),
    "number": HOW_MANY,
    "grade": ASKS_GRADE,
}
SHOWS = {
    # A named person: a title or role before a name, or a name (and a role) before "said" and
    # the like ("Assistant Chief Constable Deb Smith said", "Inspector of Constabulary, Wendy
    # Williams", "Jane Doe, head of safeguarding, said").
    # A role alone ("a spokesperson said") names nobody.
    "person": re.compile(r"\b(Constable|Inspector|Commissioner|Superintendent|Minister|Director|"
                         r"Sergeant|Detective|Officer|Mayor|Chair|Dr|Mr|Mrs|Ms|Sir|Dame|Lord|"
                         r"Lady)(?: of(?: the)? [A-Z][a-z]+)?,? " + _NAME + r"|" + _NAME + _NOT_BODY +
                         r"(?:,? |, [^,.]{1,60}, )(said|says|added|told|explained|commented)\b"),
    "time": re.compile(r"\b(January|February|March|April|May|June|July|August|September|"
                       r"October|November|December|(19|20)\d\d|last (year|month|week)|"
                       r"this (year|month)|yesterday|today)\b"),
    "number": NUMBER,
    # a grade given: quoted ("we were 'inadequate'") or after rated/graded ("rated as good")
    "grade": re.compile(r"[‘'\"“]" + GRADES + r"[’'\"”]|\b(rated|graded|grade[sd]?|judged)\b"
                        r"[^.;]{0,25}\b" + GRADES + r"\b", re.I),
}


def wanted(question: str) -> list[str]:
    """The kinds of answer the question asks for (usually none, sometimes one)."""
    return [kind for kind, pattern in WANTS.items() if pattern.search(question)]


def shows(text: str, kinds: list[str]) -> bool:
    """True when the text holds an answer of one of the kinds."""
    return any(SHOWS[kind].search(text) for kind in kinds)
