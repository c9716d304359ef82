"""Whether the chosen sentences can answer the Query, and if not, why (one plain sentence).

Owns the reasons to decline: evidence far from the question in meaning and in terms; a year
the passages never mention; a kind of answer asked for (a figure, a grade, a sum, a named
officer) that no chosen sentence gives. Each can be switched off in Rules.
"""
from __future__ import annotations

from qa.ask.kinds import NUMBER, ROLE_TITLE, shows
from qa.ask.rules import DEFAULT, Rules
from qa.ask.sentences import Candidate
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
    if rules.missing_figure and "number" in query.wants and not NUMBER.search(chosen[0].text):
        return "The documents found give no figure for this."
    for kind, rule, what in _GIVEN:
        if getattr(rules, rule) and kind in query.wants \
                and not any(shows(c.text, [kind]) for c in chosen):
            return f"The documents found give no {what} for this."
    # "Which officer...?" asks for one person ("who...?" may be answered by a body or a team).
    if rules.which_officer and query.asks_for_one \
            and not any(c.named or ROLE_TITLE.search(c.text) for c in chosen):
        return "The documents found name no one for this."
    return ""
