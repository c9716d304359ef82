"""Figures a question asks for and a text gives: whether a question asks how many (or how
much, how big), what a how-many question or a comparison of figures counts, and whether a text
gives a figure of that thing (a count, not a share: "1 of its 7 recommendations", not "around
13 percent of cases"). What kind of answer a question wants otherwise is kinds'.
"""
from __future__ import annotations

import re

from qa.index.keywords import terms

# ("a number of X" counts nothing; "size of", "how big" ask for a figure, in any unit)
HOW_MANY = re.compile(r"\b(how (many|much)|(what|the) (number|percentage|proportion|share) "
                      r"of|(?<!\ba )number of|size of|how (big|large)(?!\s+an?\b))\b", re.I)
HOW_MUCH_SHARE = re.compile(r"\b(percentage|proportion|share|per ?cent|rate)\b", re.I)
_NUMBER_WORDS = r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|" \
                r"twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|dozen|" \
                r"half|third|quarter)\b"
NUMBER = re.compile(r"\d|" + _NUMBER_WORDS, re.I)


# "How many X...?": what is counted is the first words after "how many" or "number of" ("how
# many of the force's recommendations were achieved?" counts recommendations; a force named
# there, "how many Kent officers", is "the force" by then and no part of it).
_COUNTED = re.compile(r"\b(?:how many|(?<!\ba )number of)\s+(?:of\s+)?(?:(?:the force['’]s|"
                      r"the force|the|its|their|these|those)\s+)?(?:\d[\d,]*\s+)?"
                      r"([a-z][\w'’-]*(?:\s+[a-z][\w'’-]*)?)", re.I)
# "Which had more X, A or B?": what a comparison of figures counts is the thing after the
# comparative ("more recommendations", "fewer children held overnight"), with what it says of
# it ("more inadequate cases": "37 of 75 were inadequate", "15 inadequate cases"); past
# adverbs ("more repeatedly missing children"). "More effective", "less likely to" and "the most
# recent inspection" count nothing.
_MORE_OF = re.compile(r"\b(more|fewer|less|most|fewest|least)((?:\s+[a-z][\w'’-]*){1,3})", re.I)


def compared_counts(question: str) -> tuple[str, ...]:
    """The term of what a comparison of figures counts ("more recommendations": recommend)."""
    from lemminflect import getAllLemmas
    m = _MORE_OF.search(question)
    if not m:
        return ()
    words = m.group(2).split()
    if m.group(1).lower() in ("most", "fewest", "least"):
        words = words[:1]  # "the most recent...": a superlative, not a count
    kinds = [set(getAllLemmas(w.lower())) if terms(w) else set() for w in words]  # "to": none
    thing = lambda k: "NOUN" in k and not k & {"ADJ", "ADV"}  # noqa: E731
    for n, (word, k) in enumerate(zip(words, kinds)):
        if thing(k):
            return tuple(t for t in terms(word) if not t[0].isdigit())
        if "ADJ" in k and n + 1 < len(words) and thing(kinds[n + 1]):  # "inadequate cases"
            return tuple(t for t in terms(f"{word} {words[n + 1]}") if not t[0].isdigit())
        if not k & {"ADJ", "ADV", "VERB"}:
            break  # "more at...": no describing word, no thing
    return ()


_FIGURE = re.compile(r"\b\d[\d,.]*\b|" + _NUMBER_WORDS, re.I)  # a whole figure, or a word


def counted(question: str) -> tuple[str, ...]:
    """The terms of what a how-many question counts (at most two: "frontline officers"; a
    force named inside it is no part of it: "the audited Kent cases" counts audited cases)."""
    plain = re.sub(r"\b(many|of|the|its|their|[a-z]+ed)\s+the force(?:['’]s)?\s+(?=[a-z])",
                   r"\1 ", question, flags=re.I)
    m = _COUNTED.search(plain)
    return tuple(t for t in terms(m.group(1)) if not t[0].isdigit()) if m else ()


_SHARE = re.compile(r"\s*(%|per ?cent\b)", re.I)
# "In 30 of the cases we examined, ...": a count of some of the things a population was drawn
# of, not of them all. Not "12 of the cases were inadequate" (the part asked about), "4 of its
# recommendations", "31 of those cases", "60 of the force's cases", "all 3 of the cases we
# examined"
_PART = re.compile(r"\s+of\s+the\s+(?!force['’]s\b)(?:[a-z][\w-]*\s+){1,3}?(?:that\s+)?"
                   r"(?:we|they|inspectors)\s+[a-z]+ed\b", re.I)
_ALL = re.compile(r"\ball\s+$", re.I)


def _figure_of(text: str, counted_terms: tuple[str, ...], share: bool) -> bool:
    """A figure (a share, with `share`) followed within four words (five: "percent" is one) by
    one of the counted thing's terms."""
    wanted_terms = set(counted_terms)
    if not wanted_terms.intersection(terms(text)):  # a term the text lacks follows no figure
        return False
    return any(wanted_terms & set(terms(" ".join(text[m.end():m.end() + 80].split()[:4 + share])))
               for m in _FIGURE.finditer(text) if bool(_SHARE.match(text, m.end())) == share
               and (share or not _PART.match(text, m.end())
                    or bool(_ALL.search(text[max(0, m.start() - 8):m.start()]))))


def counts(text: str, counted_terms: tuple[str, ...]) -> bool:
    """A figure of the thing counted: a number followed within four words by one of its terms
    ("1 of its 7 recommendations", "4 of its recommendations", "1,079 frontline officers");
    not a share ("around 13 percent of cases": how many asks for a count), nor some of those
    examined ("in 24 of the cases we examined": a part, not how many were examined)."""
    return _figure_of(text, counted_terms, share=False)


def shares_of(text: str, counted_terms: tuple[str, ...]) -> bool:
    """A share of the thing counted and no count of it ("around 44 percent of cases"): the
    wrong kind of figure for a how-many question."""
    return not counts(text, counted_terms) and _figure_of(text, counted_terms, share=True)
