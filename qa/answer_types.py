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

_NOT_VERB = r"(?!(?:did|do|does|is|are|was|were|has|have|had|can|could|will|would|should)\b)"

# "which/what" and a role within three words, with no verb between them: "which senior officer
# responded?" asks for one person; "what did inspectors say?" asks for no one.
WHICH_ROLE = re.compile(r"^\s*(which|what)(?:\s+" + _NOT_VERB + r"[\w'’-]+){0,3}?\s+(officer|"
                        r"person|inspector|spokes\w*|leader|lead|individual|official|constable|"
                        r"commissioner|chief|superintendent|sergeant|detective|director|manager|"
                        r"chair|acc|dcc|pcc|hmi)s?\b", re.I)
# One person's role, as an answer to "which officer...?" can give it ("an Assistant Chief
# Constable chairs the board").
ROLE_TITLE = re.compile(r"\b(Constable|Inspector|Commissioner|Superintendent|Sergeant|"
                        r"Detective|Director|Chair(man|woman|person)?|Minister|Head of [A-Z]\w+|"
                        r"[Ss]pokes(person|man|woman))\b")

WANTS = {
    "person": re.compile(r"^\s*(who|whom|whose)\b|" + WHICH_ROLE.pattern, re.I),
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
    """True when the text holds an answer of one of the kinds (a person: also a signature)."""
    return any(SHOWS[kind].search(text) or (kind == "person" and _signed(text))
               for kind in kinds)


# Someone, by name, by role or as a group ("managers within the PPD", "frontline officers"): what
# a who-question's answer must mention. A body ("the Inspectorate", "Wiltshire Police") is not.
PEOPLE = re.compile(SHOWS["person"].pattern + r"|\b(officers?|staff|managers?|inspectors?|"
                    r"investigators?|detectives?|constables?|supervisors?|leaders?|leadership|"
                    r"lead|teams?|spokes(person|man|woman)|chiefs?|commissioners?|"
                    r"superintendents?|sergeants?|directors?|heads?|chair(man|woman|person)?s?|"
                    r"ministers?|secretar(y|ies)|workers?|partners?|people|colleagues|employees|"
                    r"workforce|board|practitioners?|professionals?|recruits?|volunteers?)\b",
                    re.I)

# Signature blocks: a name on its own line after "Yours sincerely", above a role, or after a
# label ("Issued: Laura Maltby, Corporate Communications").
_ROLE = re.compile(r"\b(Constable|Chief|Officer|Inspector|Commissioner|Director|Superintendent|"
                   r"Sergeant|Detective|Head|Manager|Lead|Communications|Spokes\w+|Chair\w*|"
                   r"Minister|Secretary|Editor|Executive|Deputy|Assistant|Press|Media|"
                   r"Reporter|Correspondent|Team|Department|Office|Unit)\b")
_VALEDICTION = re.compile(r"^(yours,?\s+(sincerely|faithfully|truly)|(kind|best|warm) regards|"
                          r"regards|best wishes|with thanks|many thanks)[,.!]?$", re.I)
_NAME_LINE = re.compile(r"^((?:Issued|Signed|Written|Authored|Published|Statement|Contact)"
                        r"(?: by)?\s*:\s*|By\s+)?(" + _NAME + r")(,\s*[^.!?]{2,80})?$")


def signature_end(text: str, start: int, end: int, limit: int) -> int:
    """Where the signature on the line text[start:end] ends, taking in a role on the next line
    (up to `limit`); -1 when the line is not a signature."""
    if (start and text[start - 1] != "\n") or (end < len(text) and text[end] != "\n"):
        return -1
    m = _NAME_LINE.match(text[start:end])
    if not m or len(m.group(2).split()) > 4 or _ROLE.search(m.group(2)) \
            or _VALEDICTION.match(m.group(2)):
        return -1
    prev_start = text.rfind("\n", 0, max(start - 1, 0)) + 1
    previous = text[prev_start:max(start - 1, prev_start)].strip()
    next_end = text.find("\n", end + 1, limit)
    following = text[end + 1:limit if next_end == -1 else next_end].strip()
    role_below = 0 < len(following.split()) <= 6 and bool(_ROLE.search(following)) \
        and not re.search(r"[.!?:;]$", following)
    if not (m.group(1) or (m.group(3) and _ROLE.search(m.group(3))) or role_below
            or _VALEDICTION.match(previous)):
        return -1
    return end + 1 + len(following) if role_below else end



def _signed(text: str) -> bool:
    """Some line of the text is a signature."""
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if len(line) < 120 and signature_end(text, start, end, len(text)) > 0:
            return True
        start = end + 1
    return False
