"""What kind of answer a question wants (a person, a time, a number, a grade, a sum of money, a
thing's own name) and whether a piece of text shows one: shared by retrieval (ranking passages)
and answering (picking sentences). A person is shown by a name with a title or "said", or by a
sign-off ("Yours sincerely" / name / role); signature_end finds where a sign-off's lines end.
What a how-many question counts, and whether a figure is of that, is counting's.
"""
from __future__ import annotations

import re

from qa.ask.counting import HOW_MANY, NUMBER, counts
from qa.index.keywords import terms
from qa.vocab import roles

# A report's paragraph number ("7.15", "12.3.4"); opening a line ("6.26 The force's
# policy..."), not as a decimal figure ("2.5 million"), it is no figure
PARAGRAPH = r"\d{1,2}(?:\.\d{1,3})+"
PARAGRAPH_NUMBER = re.compile(r"(?m)^[ \t]*" + PARAGRAPH + r"[ \t]+"
                              r"(?!(?:million|billion|percent|per cent)\b|%)", re.I)

_COUNT = r"(a|one|two|three|four|five|six|seven|eight|nine|ten|twelve|\d+)"
_NAME_WORD = r"(?:Mc|Mac|O['’])?[A-Z][a-z]+"  # Jane, McDonald, MacLeod, O'Neil
_NAME = _NAME_WORD + r"(?: " + _NAME_WORD + r"(?:[-'’][A-Z]?[a-z]+)?)+"

_NOT_BODY = "".join(f"(?<!{w})" for w in ("Police", "Constabulary", "Service", "Services",
                                          "Council", "Inspectorate", "Office", "Government"))

# Inspection grades (HMICFRS's scale); asking for one is asking for one of these words.
GRADES = r"(outstanding|good|adequate|requires improvement|required improvement|inadequate)"
ASKS_GRADE = re.compile(r"\b(grade[sd]?|grading|rated|rating|ratings)\b", re.I)
# The terms of those words (and "judged"): they ask for a grade, they are not what is graded.
GRADE_ASKING_TERMS = frozenset(terms("grade graded grading rated rating judged"))

# Leading words that do not change what is asked: "And when was that?" asks when; "Can you tell
# me which officer...?" asks which officer.
_OPENING = r"(?:(?:and|also|so|but)\s+)?(?:(?:can|could) you (?:tell me|say)\s+|" \
           r"do you know\s+|tell me\s+)?"
LEAD = r"^\s*" + _OPENING
# A terse question can open with its topic and a dash or colon: "Herts re-inspection - when
# did they go back?", "Kent NCPI fieldwork - when?". (Not for who: after a dash, "what HMI
# said" is what was said, not which HMI.)
_TOPIC_LEAD = r"^\s*(?:[^?\n]{1,80}?\s[-–—]\s+|[^?\n:]{1,80}:\s+)?" + _OPENING
_NOT_VERB = r"(?!(?:did|do|does|is|are|was|were|has|have|had|can|could|will|would|should)\b)"
# Words that can stand between "which" and a role: capitalised ones ("HM", "Glos") and a few
# describing ones. "What percentage of officers...?" and "which teams lead...?" ask for no one.
_DESCRIBING = _NOT_VERB + r"(?:(?-i:[A-Z][\w'’-]*)|senior|chief|assistant|deputy|police|" \
                          r"detective|named|local|force|lead)"
# Job titles and ranks (vocab/roles.csv), as alternations: lower case for asking ("which
# senior officer...?"), capitalised for a title before a name or on a signature's role line.
_ROLES = roles("role")
_ASKED_ROLES = "|".join(sorted({r.lower() for r in _ROLES + roles("someone")}, key=len,
                               reverse=True))
_ROLE_LINE = "|".join(sorted({r[:1].upper() + r[1:] for r in _ROLES + roles("prefix")
                              if len(r) > 3}, key=len, reverse=True))
_TITLES = "|".join(sorted({r[:1].upper() + r[1:] for r in roles("role", before_name=True)}
                          | set(roles("honorific")), key=len, reverse=True))
# "which/what" and a role: asks for a person, or for one when the role is singular ("which
# senior officer responded?"; group 3 is the plural "s").
WHICH_ROLE = re.compile(LEAD + r"(which|what)(?:\s+" + _DESCRIBING + r"){0,2}\s+(" +
                        _ASKED_ROLES + r")(s?)\b", re.I)
# One person's role, as an answer to "which officer...?" can give it ("an Assistant Chief
# Constable chairs the board", "a detective inspector reviews every referral").
ROLE_TITLE = re.compile(r"\b(" + "|".join(sorted({r.lower() for r in _ROLES}, key=len,
                                                 reverse=True)) + r"|head of \w+)\b", re.I)


def asks_for_one(question: str) -> bool:
    """"Which officer...?": one person is asked for, by a singular role."""
    m = WHICH_ROLE.search(question)
    return bool(m) and not m.group(3)


# Sums of money asked for by name (a budget, a salary, a precept, a fee).
_MONEY_NOUNS = (r"budgets?|costs?|spend|spending|funding|salary|salaries|wages?|pay|precepts?|"
                r"prices?|fees?")
# ...ending what is asked ("the salary of...", "the precept this year?", "the cost to the
# force"), not naming something else ("the pay gap", "the funding model", "the precept
# consultation") nor a verb ("what's the PCC funding to tackle X?" asks what)
_MONEY_ENDS = (r"(?=\s*(?:[?,;:)]|$|(?:of|in|on|per|at|across|from|by|this|last|next|that|was|is|"
               r"were|are|has|had|allocated|set|agreed|given|paid|spent)\b|for\b(?!\s*\?)|"
               r"to (?:the|a|an|each|every|its|their)\b))")
# A sum of money: "how much ... spend/cost/budget...?", "what was X's budget?", "what's the
# chief constable's salary?"
ASKS_MONEY = re.compile(r"\bhow much\b(?!\s+(time|effort|attention|work|training|of))[^?]{0,50}"
                        r"\b(money|funds?|cash|spend\w*|spent|invest\w*|paid|" + _MONEY_NOUNS +
                        r")\b|\bwhat(?:['’]?s\b| (is|was|were|are)\b)[^?]{0,30}\b(paid|" +
                        _MONEY_NOUNS + r")\b" + _MONEY_ENDS, re.I)

# Sites a place is named by ("the Ember hub", "Northfleet Police Station"); asked by "where is
# X's <site>?" (or its building, premises, MASH)
_SITE_NOUNS = r"hub|centre|center|offices?|suites?|station|headquarters|base"
_SITE = r"(?:" + _SITE_NOUNS + r"|buildings?|premises|MASH)"
# Capitalised words that open a sentence or a common name, not a place's name ("The hub",
# "This building", "the Home Office")
_NOT_NAME = (r"(?!(?:The|This|That|These|Those|Each|Every|Our|Its|Their|Your|A|An|Any|No|One|"
             r"Another|Home)\b)")
_CAPITALISED = r"(?-i:" + _NOT_NAME + r"[A-Z][\w'’-]+ )+"  # the words of a name before its noun

# What a thing's own name names (a team, a hub, an operation, a programme...)
_THINGS = (r"(?:teams?|units?|hubs?|ops?|operations?|programmes?|programs?|courses?|tools?|"
           r"boards?|schemes?|projects?|initiatives?|apps?|campaigns?|centres?|centers?|"
           r"panels?|groups?)\b")

_A_THING = re.compile(r"\b" + _THINGS, re.I)

# "the average wait", "longest delay", "response times": a length of time (WANTS, _LENGTH_ASKED)
_AVERAGE_TIME = (r"\b(?:average|mean|median|typical|usual|longest|shortest|maximum|"
                 r"minimum)\s+(?:[\w-]+\s+){0,2}?(?:times?|waits?|waiting|delays?|turnaround|"
                 r"duration)\b")
# What is counted or graded in a case audit (_CASE_GRADE; scoring reads a question about it)
CASE_NOUNS = r"cases?|case\s+files?|referrals?|records?"

WANTS = {
    "person": re.compile(LEAD + r"(who|whom|whose)\b|" + WHICH_ROLE.pattern, re.I),
    # a date: when something happened ("when did/was...?", "what month...?", "publication
    # date?"), answered by a date, not by a length of time ("within six months")
    "date": re.compile(_TOPIC_LEAD + r"(when (did|was|were)\b"
                       r"(?![^?]*\b(have|had|need|needed) to\b)|"
                       r"(what|which) (date|year|month|day)\b)|(?<!\bto )(?<!to-)\bdates?\b",
                       re.I),
    # ...or a length of time: "how long", "the average wait", "longest delay", "response times"
    "time": re.compile(_TOPIC_LEAD + r"(when|what (date|year|month|day|time)|since when|"
                       r"how long)\b|\bwhich\b[^?]{0,60}\b(first|earlier|sooner|more recently)\b"
                       r"|" + _AVERAGE_TIME, re.I),
    # a figure: how many, or a rate ("Durham's transfer rate", "charge rates"; not the verb)
    "number": re.compile(f"(?:{HOW_MANY.pattern})|(?<!\\bto )\\brates?\\b(?!\\s+(?:the|it|its|"
                         r"their|them|this|that|these|those|how|as|an?)\b)", re.I),
    "grade": ASKS_GRADE,
    "money": ASKS_MONEY,
    # a place: where something is, is kept or is done ("where do officers and social workers
    # sit together?", "where is the hub based?", "where is Kent's headquarters?"), not where
    # in its work inspectors found something ("where did inspectors find good work?"), where
    # responsibility sits, how far a force has got nor whom it asked
    "place": re.compile(r"\bwhere (?:is|are|was|were|do|does|did|can|will)\b[^?]{0,80}?(?:\b(?:"
                        r"based|located|housed|situated|kept|detained|stationed)\b|\bheld\b"
                        r"(?!\s+(?:up|to account|responsible)\b)|\b(?:sit|sits|sat|work|works|"
                        r"worked)\s+(?:together|alongside|side by side|from)\b|\b(?:meet|meets)"
                        r"\s*\?|\b(?:take|takes|took) place\b)|\bwhere (?:is|are|was|were)\s+"
                        r"(?:[^?\s]+\s+){0,4}?" + _SITE + r"\s*\?", re.I),
    # a thing's own name: "what's the team called?", "name of the hub where...?", "op name?",
    # "what development programme do sergeants go on?"
    # (a person's name is "person": it is dropped when both are found)
    "name": re.compile(r"\bcalled\b\W*$|\bwhat(?:['’]?s|\s+(?:is|was|are|were))?\s[^?]{0,80}"
                       r"\bcalled\b|\bnames?\s+of\s+(?:(?!of\b)[^?\s]+\s+){0,4}?" + _THINGS +
                       r"|" + _THINGS + r"(?:['’]s)?\s+names?\b|"
                       r"(?:^|[-–—:]\s+)\s*(?:what|which)\s+(?:[\w’'-]+\s+){0,2}?" + _THINGS +
                       r"\s+(?:do|does|did|is|was|are|were|has|have|had)\b", re.I),
    # how far a recommendation has been acted on, as a later inspection grades it
    "status": re.compile(r"\b(achiev\w*|progress|status|follow[-‐‑ ]?ups?|re[-‐‑]?inspect\w*|"
                         r"post[-‐‑ ]inspection|been (done|met|implemented|completed|addressed))\b",
                         re.I),
}
SHOWS = {
    # A named person: a title or role before a name, or a name (and a role) before "said" and
    # the like ("Assistant Chief Constable Deb Smith said", "Inspector of Constabulary, Wendy
    # Williams", "Jane Doe, head of safeguarding, said").
    # A role alone ("a spokesperson said") names nobody.
    "person": re.compile(r"\b(" + _TITLES + r")(?: of(?: the)? [A-Z][a-z]+)?,? " + _NAME +
                         r"|" + _NAME + _NOT_BODY +
                         r"(?:,? |, [^,.]{1,60}, )(said|says|added|told|explained|commented)\b"),
    # a date, or a time relative to one ("within six weeks", "over the next 12 months")
    "time": re.compile(r"\b(January|February|March|April|May|June|July|August|September|"
                       r"October|November|December|(19|20)\d\d|(last|next) (year|month|week)|"
                       r"this (year|month)|yesterday|today|tomorrow|"
                       r"(?i:(within|in|over|after|for) (the )?((next|coming|last|past) "
                       r"(" + _COUNT + r" )?|" + _COUNT + r" )(days?|weeks?|months?|years?))|"
                       # a length of time ("waited 203 days on average"), not an age ("aged
                       # 14 years", "14 years old", "under 18 years of age")
                       r"(?<!aged )(?<!under )(?<!over )\d[\d,.]*\s+(?i:days?|weeks?|months?|"
                       r"years?)(?!\s+(?:old|of age)\b|['’]))\b"),
    # a date: a month, a year (not one naming a report: "the 2020 inspection") or a day
    "date": re.compile(r"\b(January|February|March|April|May|June|July|August|September|"
                       r"October|November|December|(19|20)\d\d(?!\)? ?(?i:inspection|"
                       r"re-inspection|report|review))|(last|next) (year|month|week)|"
                       r"this (year|month))\b"),
    "number": NUMBER,
    # a length of time ("9 days", "six weeks", "two working days", "a fortnight", "overnight")
    "length": re.compile(r"\b\d[\d,.]*\s*(?:working\s+)?(?:minutes?|mins|hours?|hrs|days?|weeks?|"
                         r"months?|years?)\b|\b(?:a|an|one|two|three|four|five|six|seven|eight|"
                         r"nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|"
                         r"several|few|many)\s+(?:more\s+|working\s+|full\s+)?(?:minutes?|"
                         r"hours?|days?|weeks?|months?|years?)\b|\bfortnight|\bovernight\b|"
                         r"\bhalf an hour\b", re.I),
    "money": re.compile(r"[£$€]\s?\d|\b\d[\d,.]*\s?(million|billion|bn|m|k)\b|\b(million|"
                        r"billion|pounds)\b", re.I),
    # a named place: a building or site by its name ("at the Ember hub", "the Bluestone
    # Centre"), or where something is based ("based in Devizes")
    "place": re.compile(r"\b(the )?" + _CAPITALISED + r"(?i:" + _SITE_NOUNS +
                        r"|building|campus)\b|"
                        r"\b(based|located|housed|situated) (at|in) (the )?(?-i:[A-Z])", re.I),
    # a thing's own name: called or known as one ("a unit called Sentinel"), an operation's
    # ("Operation Beacon", "Op ENCOMPASS"), capitalised before what it names mid-sentence ("we
    # opened the Granite hub"; not "However, the team"), quoted ("the ‘Sentinel’ team") or an
    # acronym in brackets ("the Multi-Agency Child Exploitation (MACE) team")
    "name": re.compile(r"\b(?:called|named|known\s+as|dubbed)\s+(?:the\s+)?[\"“‘']?(?-i:[A-Z])|"
                       r"\b(?-i:Operation|Op|Project)\s+(?-i:[A-Z][a-zA-Z])|(?<=[a-z,;:] )" +
                       _CAPITALISED + _THINGS +
                       r"|(?<=[a-z] )(?-i:[A-Z][\w'’-]+),\s+(?:a|an|the|our|its|their)\s+"
                       r"(?:[\w-]+\s+){0,3}?" + _THINGS +
                       r"|[‘'\"“](?-i:[A-Z])[\w'’ -]{1,30}[’'\"”]\s+" + _THINGS +
                       r"|\((?-i:[A-Z]{2,})\)\s+" + _THINGS, re.I),
    # a progress status given ("has been partially achieved", "Status: not achieved")
    "status": re.compile(r"\b(fully |partially |not )?achieved\b|\b(has|have|had) (now )?been "
                         r"(fully |partially )?(met|implemented|completed|addressed|discharged)\b|"
                         r"\bnot (been )?(met|implemented|completed)\b", re.I),
    # a grade given: quoted ("we were 'inadequate'") or after rated/graded ("rated as good")
    "grade": re.compile(r"[‘'\"“]" + GRADES + r"[’'\"”]|\b(rated|graded|grade[sd]?|judged)\b"
                        r"[^.;]{0,40}\b" + GRADES + r"\b", re.I),
}


_STATUS_ASKED = re.compile(r"\b(achiev\w*|progress|status|still|(?:been|was|were|is|are|not)\s+"
                           r"(?:done|met|implemented|completed|addressed|fixed|sorted))\b", re.I)
_EXCERPT_ASKED = re.compile(r"\b(exact|word[-‐‑ ]for[-‐‑ ]word|verbatim|quotes?|quotations?|"
                            r"extracts?|excerpts?|lines?|wording)\b", re.I)
# "what hub do they share?", "Herts re-inspection - which team...?": the question opens by
# asking for a thing (not "what did...", nor a clause inside it: "...on what children say")
_WHICH_THING = re.compile(r"(?:^|[-–—:]\s+)\s*(what|which)\s+(?!(?:did|does|do|is|was|were|has|"
                          r"have|had|are|can|could|will|would)\b)[a-z]", re.I)


# A grade given to cases, not to the force: "27 of the 60 cases as good", "almost a third of
# its cases had been judged inadequate", "22 as good, 38 as requiring improvement and 20 as
# inadequate", "inadequate cases": a case audit's result, no inspection grade
_CASE_GRADE = re.compile(
    r"\b(?:" + CASE_NOUNS + r")\b[^.;:]{0,80}?\b" + GRADES + r"\b"
    r"|(?<![\d,.£$])\d{1,3}(?![\d,.%])(?:\s+[\w-]+){0,4}?\s+(?:as|were|was|to\s+be)\s+(?:being\s+|"
    r"rated\s+|judged\s+|assessed\s+)?(?:as\s+)?[‘'\"“]?" + GRADES +
    r"|\b" + GRADES + r"[’'\"”]?\s+(?:cases?|case\s+files?)\b", re.I)


def force_graded(text: str) -> bool:
    """The text gives a grade of what was inspected, not only a case audit's (_CASE_GRADE)."""
    return shows(_CASE_GRADE.sub(" ", text), ["grade"])


# A length of time asked for ("how long did it take?", "the average wait", "longest delay"),
# not how long something has gone on or will ("how long has the hub been open?": since when;
# "how long is the campaign open for?": until when)
_LENGTH_ASKED = re.compile(r"\bhow long\b(?!\s+(?:has|have|had|is|are|will)\b)|"
                           + _AVERAGE_TIME, re.I)
_COUNTS_TOO = re.compile(r"\bhow many\b|\bnumber of\b", re.I)


def wanted(question: str) -> list[str]:
    """The kinds of answer the question asks for (usually none, sometimes one)."""
    found = [kind for kind, pattern in WANTS.items() if pattern.search(question)]
    if "date" in found and "time" in found:  # "when did...?" asks for a date, no length of time
        found.remove("time")
    if "time" in found and _LENGTH_ASKED.search(question):  # a length of time, not a date
        found[found.index("time")] = "length"
    if "money" in found and "number" in found and not _COUNTS_TOO.search(question):
        found.remove("number")  # "how much money...?" asks for a sum, not for any figure
        #   ("100 additional posts"); "...and how many hours?" asks for both
    if "name" in found and ("person" in found or not _A_THING.search(question)):
        found.remove("name")  # "name of the group's chair?" asks who; "what was it called?"
        #   of no team, hub or the like may ask for a report's title
    if "status" in found and len(found) > 1:  # "when was the re-inspection?" asks when
        found.remove("status")
    if "status" in found and not _STATUS_ASKED.search(question) and (
            _EXCERPT_ASKED.search(question) or _WHICH_THING.search(question)):
        # a later visit named ("the re-inspection") by a question asking for its exact words
        # or for a thing ("what hub do they now share?"), not how far the force got
        found.remove("status")
    return found


# "Who wrote the Courier piece?", "which reporter covered it?", "who signed the letter?": the
# author of a document, whom its byline or sign-off names (not someone it quotes).
_AUTHOR = re.compile(r"\bwho (?:wrote|authored|penned|signed|reported)\b|\b(?:which|what) "
                     r"(?:reporter|journalist|correspondent|author)\b|\b(?:written|authored|"
                     r"signed) by (?:who|whom)\b|\bbyline\b", re.I)


def asks_author(question: str) -> bool:
    return bool(_AUTHOR.search(question))


_PERSON_NAME = re.compile(_NAME)


def people(text: str) -> set[str]:
    """The names of the people a sentence names (the last two words of each name: "Chief
    Constable Jane Doe" and "Jane Doe" are one person)."""
    out = set()
    for m in SHOWS["person"].finditer(text):
        for name in _PERSON_NAME.findall(m.group(0)):
            words = ROLE_TITLE.sub(" ", name).split()
            if len(words) >= 2:
                out.add(" ".join(words[-2:]))
    return out


def shows(text: str, kinds: list[str], counted: tuple[str, ...] = ()) -> bool:
    """True when the text holds an answer of one of the kinds (a person: also a signature; a
    number, when the question says what it counts: a figure of that, see `counts`)."""
    return any(_shows(text, kind, counted) for kind in kinds)


def _shows(text: str, kind: str, counted: tuple[str, ...]) -> bool:
    if kind == "number":
        return counts(text, counted) if counted else \
            bool(NUMBER.search(PARAGRAPH_NUMBER.sub("", text)))
    return bool(SHOWS[kind].search(text)) or (kind == "person" and _signed(text))


# Signature blocks: a name on its own line after "Yours sincerely", above a person's role, or
# after a label ("Issued: Laura Maltby, Corporate Communications").
_PERSONAL_ROLE = re.compile(r"\b(" + _ROLE_LINE + r")\b")
# ...but not a team's name under a heading ("Child Protection" above "Public Protection Unit").
_COLLECTIVE = re.compile(r"\b(Group|Unit|Team|Department|Board|Office|Services?|Directorate|"
                         r"Command|Hub|Partnership|Panel|Committee|Programme|Network)\b")
_VALEDICTION = re.compile(r"^(yours,?\s+(sincerely|faithfully|truly)|(kind|best|warm) regards|"
                          r"regards|best wishes|with thanks|many thanks)[,.!]?$", re.I)
_NAME_LINE = re.compile(r"^((?:Issued|Signed|Written|Authored|Published|Statement|Contact)"
                        r"(?: by)?\s*:\s*|By\s+)?(" + _NAME + r")(,\s*[^.!?]{2,80})?$")


def _a_role(text: str) -> bool:
    return bool(_PERSONAL_ROLE.search(text)) and not _COLLECTIVE.search(text)


def signature_end(text: str, start: int, end: int, limit: int) -> int:
    """Where the signature on the line text[start:end] ends, taking in a role on the next line
    (up to `limit`); -1 when the line is not a signature."""
    if (start and text[start - 1] != "\n") or (end < len(text) and text[end] != "\n"):
        return -1
    m = _NAME_LINE.match(text[start:end])
    if not m or len(m.group(2).split()) > 4 or _PERSONAL_ROLE.search(m.group(2)) \
            or _COLLECTIVE.search(m.group(2)) or _VALEDICTION.match(m.group(2)):
        return -1
    prev_start = text.rfind("\n", 0, max(start - 1, 0)) + 1
    previous = text[prev_start:max(start - 1, prev_start)].strip()
    next_end = text.find("\n", end + 1, limit)
    following = text[end + 1:limit if next_end == -1 else next_end].strip()
    role_below = 0 < len(following.split()) <= 6 and _a_role(following) \
        and not re.search(r"[.!?:;]$", following)
    if not (m.group(1) or (m.group(3) and _a_role(m.group(3))) or role_below
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
