"""What kind of source a question asks for, and which chunks are of that kind.

Inspection material comes in a few genres that questions often name without naming a document:
"how did the force respond?" asks for the force's response or action plan, "what did the
follow-up find?" for a re-inspection or post-inspection review, "what did inspectors
recommend?" for a report's recommendation boxes (and causes of concern), as does a request for
quotes or extracts on a topic. A chunk's genre comes from its document (type, title, file name),
its section heading and its kind (a box). The genre ranks passages; it never removes one. A
numbered recommendation ("recommendation 4") picks out the box that carries that number.
"""
from __future__ import annotations

import re

from qa.types import Metadata

GENRES = ("box", "response", "follow-up", "thematic")

# What a question says about the source it wants. A follow-up or a response about a
# recommendation asks for the later document, not the box itself.
_ASKS = {
    "follow-up": re.compile(r"\b(follow[-‐‑ ]?ups?|re[-‐‑]?inspect\w*|re[-‐‑]?visit\w*|"
                            r"post[-‐‑ ]inspection|progress|achiev\w*|"
                            r"(?:went|go|going|gone|came|come) back)\b", re.I),  # "when HMI went back"
    # ("action plan" alone is not one: "when must the force send its action plan?" asks about
    # a deadline the inspectorate set, in its report; a named force's action plan is the
    # force's document: "the force's action plan", "the force action plan", as understand
    # writes "Kent's action plan")
    # (policing's own "response": "response times", "the initial response", "responding to
    # calls" is the work inspected, not the force's reply to the inspection)
    "response": re.compile(r"\b(?<!initial )(?<!emergency )(?<!first )(?<!immediate )"
                           r"(respond\w*|responses?|repl(?:y|ies|ied)|"
                           r"(?<=the force )action plans?|(?<=the force['’]s )action plans?|"
                           r"(?<=the force['’]s )answers?|(?<=the force )answer(?:s|ed)?)\b"
                           r"(?!\s+(?:times?|officers?|teams?|units?|vehicles?|rates?|grades?|"
                           r"levels?|to\s+(?:the\s+)?(?:\d+\s+|999\s+|emergency\s+)?(?:calls?|"
                           r"incidents?)|to\s+children|to\s+reports\s+of)\b)",
                           re.I),
    "box": re.compile(r"\b(recommend\w*|causes? (?:of|for) concern|areas? for improvement)\b",
                     re.I),
    # a thematic report, about many forces ("the custody thematic")
    "thematic": re.compile(r"\bthematic\b", re.I),
}
# A later visit or a thematic report named outright: the inspectorate's re-inspection, its
# post-inspection review or follow-up inspection, inspectors going back or revisiting ("when did
# inspectors go back?"), a thematic report ("the custody thematic", "a thematic inspection");
# not a force following up referrals, children coming back, a force revisiting its policy, nor
# "thematic issues", and not "progress" or "achieved" (a force's action plan tells that too)
_INSPECTORS = r"(?:inspectors?|inspectorate|hmicfrs|hmic|hmis?|they)"
_NAMED = {
    "follow-up": re.compile(
        r"\b(?:re[-‐‑]?inspect\w*|post[-‐‑ ]inspection\s+reviews?|follow[-‐‑ ]?up\s+"
        r"(?:inspections?|visits?|reviews?|reports?)|" + _INSPECTORS + r"\)?\s+"
        r"(?:went|go|going|gone|came|come|returned|return)\s+back|" + _INSPECTORS +
        r"\)?\s+(?:re[-‐‑]?visit\w*|"
        r"returned\s+to)|re[-‐‑]?visit\w*\s+(?:by|from)\s+(?:the\s+)?" + _INSPECTORS + r")\b",
        re.I),
    "thematic": re.compile(r"\bthematic(?=\s*(?:$|[?.,;:!)|–—-]|(?:reports?|inspections?|"
                           r"reviews?|on|about|says?|said|finds?|found|for|in|of|from|"
                           r"published|by|and|or|to)\b))", re.I),
}
# ...as an answer that none is indexed names them
NAMED_AS = {"follow-up": "re-inspection or post-inspection review", "thematic": "thematic report"}


def named_sources(text: str, kinds: tuple[str, ...] = tuple(_NAMED)) -> tuple[str, ...]:
    """The kinds of source (of _NAMED, or of `kinds`) the text names outright."""
    return tuple(g for g in kinds if _NAMED[g].search(text))


# What the inspectorate asked of a force, in words other than "recommend" (as understand
# writes a named force, "the force"): "what were inspectors asking the force to change on
# X?", "what changes did HMICFRS call for?", "what should the force do about X?", "what did
# the report say the force must improve?" ask for its recommendation boxes.
_SUBJECT = rf"(?:{_INSPECTORS}|inspections?|reports?|reviews?)"  # the inspectorate or its words
_DEMANDED = re.compile(
    rf"\b{_SUBJECT}\b[^?.]{{0,30}}?\b(?:asks?|asked|asking|wants?|wanted|wanting|tells?|told|"
    r"telling|urge[sd]?|urging|call(?:s|ed|ing)?\s+(?:on|upon)|requir\w*|expect\w*|"
    r"instruct\w*|direct(?:s|ed|ing)?|press(?:es|ed|ing)?|push(?:es|ed|ing)?)\s+(?!to\b)"
    r"(?:[\w’'&-]+\s+){1,8}?to\s+(?!be\b)\w+"  # "asking the force to change" ("want to see": no)
    rf"|\b(?:changes?|improvements?|actions?)\b[^?.]{{0,40}}?\b{_SUBJECT}\b[^?.]{{0,20}}?\b"
    r"(?:ask\w*|call\w*\s+for|want\w*|demand\w*|requir\w*|seek\w*|sought|expect\w*)\b"
    r"|\b(?:should|must)\s+the force\s+(?:do|change|improve|address|fix)\b"
    r"|\bthe force\s+(?:needs?|needed|has|had)\s+to\s+(?:do|change|improve|address|fix)\b"
    rf"|\b{_SUBJECT}\b[^?.]{{0,40}}?\b(?:says?|said|think|thinks|thought|feel|felt|"
    r"believe[sd]?)\b[^?.]{0,40}?\b(?:should|must|needs? to|ought)\b", re.I)

# What worried the inspectorate ("what concerned inspectors about the force's custody?", "the
# inspectorate's worries about X") asks for its causes of concern.
_WORRY = r"(?:worr(?:y|ies|ied|ying)|concern(?:s|ed)?)"
_WORRIED = re.compile(rf"\b{_SUBJECT}\b[^?.]{{0,30}}?\b{_WORRY}\b"
                      rf"|\b{_WORRY}\b[^?.]{{0,30}}?\b{_SUBJECT}\b", re.I)

# The force as the one acting: "what has the force done about...?", "what have the force and
# the force changed?" ask for its own account of what it did (its response, its action plan),
# as understand writes a named force
_ACTED = re.compile(r"\b(?:has|have|had)\s+the force(?:\s+and\s+the force)?\s+"
                    r"(?:now\s+|since\s+)?(?:done|changed|introduced|put in place|"
                    r"implemented)\b(?!\s+well\b)", re.I)
_COUNTED = re.compile(r"\b(how many|number of|more|fewer|most|fewest)\b", re.I)
# "recommendation 4", "cause of concern 1", "recommendation no. 3", "area for improvement 2",
# "AFI 2"
_NUMBERED = re.compile(r"\b(recommendation|cause of concern|area for improvement|AFI)s?\.?\s*"
                       r"(?:no\.?\s*|number\s*)?(\d{1,2})\b", re.I)
_BOXES = {"cause": "cause of concern", "area": "area for improvement",
          "afi": "area for improvement"}

# What a document says about itself (its type, title and file name).
_DOC_TYPES = {"response": {"force response", "action plan"},
              "follow-up": {"post-inspection review", "re-inspection", "re-inspection report"},
              "thematic": {"thematic report", "thematic inspection"}}
_DOC = {"response": re.compile(r"\b(responses?|responds?|action plans?|our progress)\b", re.I),
        "follow-up": re.compile(r"\b(re[-‐‑]?inspection|post[-‐‑ ]inspection|revisit\w*|"
                                r"follow[-‐‑ ]?up|progress review)\b", re.I),
        "thematic": re.compile(r"\bthematic\b", re.I)}
# What a section heading says.
_SECTION = {"box": re.compile(r"\b(recommendations?|causes? of concern)\b", re.I),
            "response": re.compile(r"\b(our response|response to|actions? taken|our progress)\b",
                                   re.I),
            "follow-up": re.compile(r"\b(re[-‐‑]?inspection|post[-‐‑ ]inspection|progress (since|"
                                    r"against|on|made)|follow[-‐‑ ]?up|revisit\w*)\b", re.I)}


# Asking for quotable text on a topic: "quotes on...", "extracts about...", "exact wording".
_EXCERPT = re.compile(r"\b(quotes?|quotations?|extracts?|excerpts?|passages?|"
                      r"word[-‐‑ ]for[-‐‑ ]word|verbatim)\b", re.I)


def asked(question: str, excerpts: bool = True, demands: bool = True,
          worries: bool = True) -> tuple[str, ...]:
    """The genres a question asks for (usually none). With `excerpts`, a request for quotable
    text that names no genre asks for the boxes: an inspection's recommendations and causes
    of concern are its quotable statements on a topic. With `demands`, so does asking what the
    inspectorate wanted a force to do in other words (demanded); with `worries`, asking what
    worried it (worried)."""
    found = [g for g, pattern in _ASKS.items() if pattern.search(question)]
    if "box" not in found and ((demands and demanded(question))
                               or (worries and worried(question))):
        found.insert(0, "box")
    if excerpts and not found and _EXCERPT.search(question):
        found = ["box"]
    if "box" in found and ({"response", "follow-up"} & set(found) or _COUNTED.search(question)):
        found.remove("box")  # "how many recommendations?" is answered by the summary
    return tuple(found)


# Words that say what kind of question it is, not what it is about.
NOT_TOPIC = frozenset("""what which did does do has have had was were is are the a an to of
for on in about and or it its this that there any all hmicfrs hmic inspectorate inspectors
inspection inspections report reports recommend recommended recommends recommendation
recommendations cause causes concern concerns force forces been done since acted made make
give gave given say said tell told ask asked them they their me list show
constabulary service whether if yet implemented completed achieved progress how many number
much""".split())


def box_noun(question: str) -> str:
    """The kind of box a question names ("recommendations", "causes of concern"), or ''."""
    m = _ASKS["box"].search(question)
    return m.group(1) if m else ""


def topical(text: str) -> bool:
    """The text names a topic: a noun that is not a word of asking ("recommendations",
    "inspection", "force"): "Recommendations made to A vs B?" names none, "recommendations
    on custody for A vs B?" does."""
    from lemminflect import getAllLemmas
    for word in re.findall(r"[A-Za-z]{2,}", text):
        low = word.casefold()
        if low in NOT_TOPIC or low == "vs":
            continue
        kinds = getAllLemmas(low)
        if ("NOUN" in kinds and "ADJ" not in kinds) or not kinds or word.isupper() \
                or (low.endswith("ing") and len(low) > 5):  # "safeguarding", "VAWG"
            return True
    return False


def demanded(text: str) -> bool:
    """The question asks what the inspectorate wanted a force to do, in words other than
    "recommend" ("what were inspectors asking the force to change?")."""
    return bool(_DEMANDED.search(text))


def worried(text: str) -> bool:
    """The question asks what worried the inspectorate ("what concerned inspectors about...?")."""
    return bool(_WORRIED.search(text))


def without_demand(text: str) -> str:
    """The text without the words asking what the inspectorate wanted ("inspectors asking the
    force to change"), which name no topic."""
    return re.sub(r"\s+", " ", _DEMANDED.sub(" ", text)).strip()


def acted(text: str) -> bool:
    """The question asks what the force did (with force names read as "the force")."""
    return bool(_ACTED.search(text))


def without_cues(text: str, genre: str = "") -> str:
    """The text without the words that ask for a genre ("recommend", "respond", "follow-up"),
    or for the one `genre` given."""
    if genre:
        return _ASKS[genre].sub(" ", text)
    for pattern in _ASKS.values():
        text = pattern.sub(" ", text)
    return without_demand(text)


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth")
# "the first cause of concern", "Kent's third recommendation"
_ORDINAL = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\s+(recommendation|cause of concern)\b",
                      re.I)


def numbered(question: str) -> tuple[str, ...]:
    """The numbered recommendations or causes of concern a question names, as the words a box
    starts with ("Recommendation 4"; "the third recommendation" is recommendation 3)."""
    out = []
    for m in _NUMBERED.finditer(question):
        word = _BOXES.get(m.group(1).split()[0].lower(), "recommendation")
        out.append(f"{word} {int(m.group(2))}")
    for m in _ORDINAL.finditer(question):
        out.append(f"{m.group(2).lower()} {_ORDINALS.index(m.group(1).lower()) + 1}")
    return tuple(dict.fromkeys(out))


def of_document(meta: Metadata, file: str) -> set[str]:
    said = f"{meta.title} {re.sub(r'[_-]+', ' ', file)}"
    return {g for g, pattern in _DOC.items()
            if meta.doc_type.lower() in _DOC_TYPES[g] or pattern.search(said)}


def of_section(section: str) -> set[str]:
    return {g for g, pattern in _SECTION.items() if pattern.search(section)}


def carries(text: str, labels: tuple[str, ...]) -> bool:
    """The text opens with (or holds, as a heading) one of the numbered labels."""
    low = re.sub(r"\s+", " ", text[:200]).lower()
    return any(re.search(r"(^|\b)" + re.escape(label) + r"\b(?!\.\d)", low) for label in labels)
