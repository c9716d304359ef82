"""Whether the chosen sentences can answer the Query, and if not, why (one plain sentence).

Owns the reasons to decline: evidence far from the question in meaning and in terms; a year
the passages never mention; a kind of answer asked for (a figure, a grade, a sum, a named
officer) that no chosen sentence gives. Each can be switched off in Rules.
"""
from __future__ import annotations

from qa.ask.kinds import NUMBER, ROLE_TITLE, shows
from qa.ask.rules import DEFAULT, Rules
from qa.ask.sentences import Candidate, about
from qa.ask.understand import Query
from qa.types import Passage

# Evidence is weak when the best chosen sentence is both far from the question in meaning
# (cosine) and shares little of its weighted terms (coverage).
MIN_SIMILARITY = 0.35
MIN_COVERAGE = 0.16
# Kinds of answer a question can ask for that some chosen sentence must give, with the rule
# that says so and how the reason names it.
_GIVEN = (("grade", "missing_grade", "inspection grade"),
          ("money", "missing_money", "sum of money"))


def reason(query: Query, passages: list[Passage], chosen: list[Candidate],
           rules: Rules = DEFAULT) -> str:
    """Why the evidence cannot answer the query, or '' when it can."""
    if not passages or not chosen:
        return "No passage in the indexed documents matches this question."
    if rules.weak_evidence and max(c.similarity for c in chosen) < MIN_SIMILARITY \
            and max(c.coverage for c in chosen) < MIN_COVERAGE:
        return "The indexed documents do not appear to cover this question."
    if rules.missing_year and query.years:
        evidence = " ".join(f"{p.doc.meta.title} {p.doc.meta.published} {p.chunk.text}"
                            for p in passages)
        missing = [y for y in query.years if y not in evidence]
        if missing:
            return f"The documents found say nothing about {', '.join(sorted(missing))}."
    kinds = _kind_rules(rules)
    if query.parts:
        missing = [_missing(part.wants, chosen, kinds) for part in query.parts]
        if all(missing):  # no part is answered: say why for the first
            return missing[0]
        return ""
    if rules.missing_figure and "number" in query.wants and not NUMBER.search(chosen[0].text):
        return "The documents found give no figure for this."
    why = _missing(tuple(w for w in query.wants if w != "number"), chosen, kinds)
    if why:
        return why
    # "Which officer...?" asks for one person ("who...?" may be answered by a body or a team).
    if rules.which_officer and query.asks_for_one \
            and not any(c.named or ROLE_TITLE.search(c.text) for c in chosen):
        return "The documents found name no one for this."
    return ""


def gaps(query: Query, chosen: list[Candidate], forces: tuple[str, ...],
         rules: Rules = DEFAULT) -> list[str]:
    """What an answer leaves out, for people: a part of a multi-part question, or a compared
    force, that no chosen sentence answers."""
    kinds = _kind_rules(rules)
    notes = [f"{why[:-1]} (“{part.asked}”)." for part in query.parts
             if (why := _missing(part.wants, chosen, kinds))]
    if rules.each_force and len(forces) > 1:
        notes += [f"The documents found say nothing on this about {force}." for force in forces
                  if not any(force in about(c) for c in chosen)]
    return notes


def _kind_rules(rules: Rules) -> dict[str, str]:
    """The kinds whose absence declines, with how a reason names them."""
    return {kind: what for kind, rule, what in _GIVEN if getattr(rules, rule)} | \
        ({"number": "figure"} if rules.missing_figure else {})


def _missing(wants: tuple[str, ...], chosen: list[Candidate], kinds: dict[str, str]) -> str:
    """The reason when some kind of answer asked for is given by no chosen sentence."""
    for kind in wants:
        if kind in kinds and not any(shows(c.text, [kind]) for c in chosen):
            return f"The documents found give no {kinds[kind]} for this."
    return ""
