"""The facts of the development library, before any document is written: for each force its
people, dates, grades, case audit, figures, actions, recommendations and causes of concern, what
the force answered and what a later inspection found.

Owns choosing those facts from a seed (one random.Random, used in a fixed order, so a seed always
gives the same library). Wording is library_words'; documents are the writers'.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from bench.library_names import (CODENAMES, COURSES, FIRST_NAMES, FORCES, LEAD_ROLES, MONTHS,
                                 OUTLETS, SMALL_FORCES, SURNAMES, ForceInfo)
from bench.library_topics import AREAS, AUDIT_CATEGORIES, GRADES, STATUSES, TOPICS, Topic

QUEEN_DIED = date(2022, 9, 8)  # "Her Majesty's Inspector" before, "His Majesty's" after
FIGURE_KINDS = ("trained", "missing", "devices", "caseload", "referrals", "protection",
                "custody", "investigators")
ACTION_KINDS = ("operation", "team", "tool", "hub", "programme")
THEMES = ("online", "custody", "missing")


@dataclass(frozen=True)
class Person:
    name: str
    rank: str  # what goes before the name: "Chief Constable", "Detective Superintendent"
    role: str = ""  # what they do: "head of public protection"


@dataclass(frozen=True)
class Rec:
    """A recommendation or cause of concern of an inspection report."""

    kind: str  # "recommendation" | "cause of concern"
    number: int
    numbered: bool  # the report prints its number (causes of concern sometimes are not)
    topic: Topic
    deadline: str  # as the text says it, lower case: "within three months", "" for none
    text: str  # the whole recommendation as printed, from its first word to its full stop
    core: str  # the clause questions quote (a substring of text)
    status: str = ""  # at the follow-up inspection; "" when there was none
    response: int = -1  # which of topic.responses the force gave; -1 for no answer
    cites_number: bool = False  # the force's answer names the number


@dataclass(frozen=True)
class FollowUp:
    kind: str  # "re-inspection" | "post-inspection review"
    fieldwork: date
    published: date
    hmi: Person


@dataclass(frozen=True)
class Figure:
    value: int
    detail: str = ""  # the course trained in, the month a count runs to, the year...
    short: str = ""  # how people shorten the detail ("DA Matters")


@dataclass
class ForceWorld:
    info: ForceInfo
    half: str  # "dev" | "check"
    fieldwork: date
    published: date
    hmi: Person
    chief: Person
    lead: Person
    pcc: Person
    journalist: Person
    outlet: str
    grades: dict[str, str]
    audit: list[tuple[str, int, int, int, int]]  # category, examined, good, RI, inadequate
    figures: dict[str, Figure]
    actions: list[tuple[str, str]]  # (kind, name): ("operation", "Operation Kestrel")
    recs: list[Rec]
    causes: list[Rec]
    followup: FollowUp | None
    response: tuple[str, str, date] | None  # (format, doc_type, published)
    pcc_statement: date | None
    news: date | None
    thematic: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.info.name

    def cases(self) -> tuple[int, int, int, int]:
        """Total examined, good, requiring improvement, inadequate."""
        return tuple(sum(row[i] for row in self.audit) for i in range(1, 5))


def add_months(day: date, months: int, dom: int | None = None) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    return date(day.year + y, m + 1, dom or min(day.day, 28))


def month_end(day: date) -> date:
    nxt = add_months(day, 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_year(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def inspector_title(day: date) -> str:
    sovereign = "Her" if day < QUEEN_DIED else "His"
    return f"{sovereign} Majesty’s Inspector of Constabulary"


class Namer:
    """Fictional names, never the same person twice in one library."""

    def __init__(self, rng: random.Random):
        self.rng, self.used = rng, set()

    def __call__(self) -> str:
        while True:
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"
            if name not in self.used:
                self.used.add(name)
                return name


def build_world(size: str, seed: int) -> list[ForceWorld]:
    """Every force's facts, in the library's order; halves alternate after a seeded shuffle."""
    rng = random.Random(f"library:{seed}")
    infos = [f for f in FORCES if size == "full" or f.name in SMALL_FORCES]
    namer = Namer(rng)
    hmis = [namer() for _ in range(5)]
    names = [(kind, name) for name in CODENAMES for kind in ACTION_KINDS]
    rng.shuffle(names)
    order = list(infos)
    rng.shuffle(order)
    halves = {f.name: ("dev", "check")[i % 2] for i, f in enumerate(order)}
    worlds = [_force(info, halves[info.name], rng, namer, hmis, names, size) for info in infos]
    _add_thematic(worlds, rng, size)
    return worlds


def _force(info, half, rng, namer, hmis, names, size) -> ForceWorld:
    fieldwork = date(rng.randint(2019, 2023), rng.randint(1, 12), rng.randint(1, 20))
    published = add_months(fieldwork, rng.randint(3, 5), rng.randint(1, 28))
    lead_rank, lead_role = rng.choice(LEAD_ROLES)
    outlet_place = info.area if info.short[0].startswith("the ") else info.short[0]
    recs, causes = _recommendations(info, published, rng, size)
    followup = None
    if rng.random() < 0.8:
        kind = rng.choice(("re-inspection", "post-inspection review"))
        seen = add_months(published, rng.randint(12, 20), rng.randint(1, 20))
        followup = FollowUp(kind, seen, add_months(seen, rng.randint(2, 4), rng.randint(1, 28)),
                            Person(rng.choice(hmis), inspector_title(seen)))
        recs = [_with_status(r, rng) for r in recs]
        causes = [_with_status(c, rng) for c in causes]
    response = None
    if rng.random() < 0.75:
        response = (rng.choice(("docx", "pdf")), rng.choice(("force response", "action plan")),
                    add_months(published, rng.randint(1, 3), rng.randint(1, 28)))
        recs = [_with_response(r, rng) for r in recs]
        causes = [_with_response(c, rng, 0.5) for c in causes]
    hmi = rng.choice(hmis)
    return ForceWorld(
        info=info, half=half, fieldwork=fieldwork, published=published,
        hmi=Person(hmi, inspector_title(published)),
        chief=Person(namer(), info.chief_role), lead=Person(namer(), lead_rank, lead_role),
        pcc=Person(namer(), "", info.pcc_role.format(area=info.area)),
        journalist=Person(namer(), "", "reporter"),
        outlet=f"{outlet_place} {rng.choice(OUTLETS)}",
        grades={a.title: rng.choice(GRADES) for a in AREAS if a.graded},
        audit=_audit(rng), figures=_figures(fieldwork, rng),
        actions=_actions(names, rng.randint(2, 3)),
        recs=recs, causes=causes, followup=followup, response=response,
        pcc_statement=add_months(published, 0, min(published.day + rng.randint(0, 3), 28))
        if rng.random() < 0.7 else None,
        news=published if rng.random() < 0.8 else None)


def _actions(names: list[tuple[str, str]], count: int) -> list[tuple[str, str]]:
    """`count` named actions of different kinds, never a name another force has."""
    out: list[tuple[str, str]] = []
    for i in range(len(names) - 1, -1, -1):
        if names[i][0] not in {kind for kind, _ in out}:
            out.append(names.pop(i))
            if len(out) == count:
                break
    return out


def _recommendations(info, published, rng, size) -> tuple[list[Rec], list[Rec]]:
    count = rng.randint(4, 6) if size == "small" else rng.randint(4, 9)
    topics = rng.sample(TOPICS, count + 3)
    area_order = [a.title for a in AREAS]
    chosen = sorted(topics[:count], key=lambda t: area_order.index(t.area))
    recs = [_rec(info.name, n, t, _deadline(published, rng), rng)
            for n, t in enumerate(chosen, start=1)]
    numbered = rng.random() < 0.7
    causes = [Rec("cause of concern", n, numbered, t, "", f"{info.name} {t.cause}.",
                  f"{info.name} {t.cause}")
              for n, t in enumerate(sorted(topics[count:count + rng.randint(1, 3)],
                                           key=lambda t: area_order.index(t.area)), start=1)]
    return recs, causes


def _deadline(published: date, rng) -> str:
    roll = rng.random()
    if roll < 0.3:
        return "within three months"
    if roll < 0.55:
        return "within six months"
    if roll < 0.65:
        return "within 12 months"
    if roll < 0.85:
        return "by " + long_date(month_end(add_months(published, rng.randint(5, 11))))
    return "immediately" if roll < 0.93 else ""


def _rec(force: str, number: int, topic: Topic, deadline: str, rng) -> Rec:
    core = f"{force} should {topic.core}"
    if deadline == "immediately":
        core = f"{force} should immediately {topic.core}"
        text = f"{core} {topic.rest}."
    elif deadline and rng.random() < 0.75:
        text = f"{deadline[0].upper()}{deadline[1:]}, {core} {topic.rest}."
    elif deadline:
        core = f"{force} should, {deadline}, {topic.core}"
        text = f"{core} {topic.rest}."
    else:
        text = f"{core} {topic.rest}."
    return Rec("recommendation", number, True, topic, deadline, text, core)


def _with_status(rec: Rec, rng) -> Rec:
    from dataclasses import replace
    return replace(rec, status=rng.choices(STATUSES, weights=(4, 4, 2))[0])


def _with_response(rec: Rec, rng, share: float = 0.85) -> Rec:
    from dataclasses import replace
    if rng.random() > share:
        return rec
    return replace(rec, response=rng.randrange(len(rec.topic.responses)),
                   cites_number=rec.kind == "recommendation" and rng.random() < 0.35)


def _audit(rng) -> list[tuple[str, int, int, int, int]]:
    rows = []
    for category in rng.sample(AUDIT_CATEGORIES, rng.randint(4, 6)):
        examined = rng.randint(6, 24)
        good = rng.randint(0, examined)
        ri = rng.randint(0, examined - good)
        rows.append((category, examined, good, ri, examined - good - ri))
    return rows


def _figures(fieldwork: date, rng) -> dict[str, Figure]:
    year = fieldwork.year - 1
    ranges = {"trained": (250, 2400), "missing": (900, 6500), "devices": (80, 1400),
              "caseload": (38, 95), "referrals": (180, 1600), "protection": (40, 420),
              "custody": (12, 260), "investigators": (8, 60)}
    out = {}
    for kind in sorted(rng.sample(FIGURE_KINDS, rng.randint(4, 5)), key=FIGURE_KINDS.index):
        value = rng.randint(*ranges[kind])
        if kind == "trained":
            course, short = rng.choice(COURSES)
            out[kind] = Figure(value, course, short)
        elif kind == "missing":
            out[kind] = Figure(value, month_year(add_months(fieldwork, -rng.randint(1, 3))))
        elif kind in ("protection", "custody"):
            out[kind] = Figure(value, str(year))
        else:
            out[kind] = Figure(value)
    return out


def _add_thematic(worlds: list[ForceWorld], rng, size: str) -> None:
    """Which forces each thematic report discusses, and the figure it gives for each."""
    themes = THEMES if size == "full" else THEMES[:1]
    ranges = {"online": (35, 260), "custody": (3, 90), "missing": (40, 600)}
    for theme in themes:
        covered = worlds if size == "small" else rng.sample(worlds, (len(worlds) * 3) // 5)
        for world in covered:
            world.thematic[theme] = rng.randint(*ranges[theme])


def slots(world: ForceWorld, fact: str) -> dict:
    """The values a wording of `fact` about `world`'s force is filled with."""
    from bench.library_words import ACTION_NAMES, number
    kind, _, detail = fact.partition(":")
    base = {"force": world.name}
    if kind == "figure":
        figure = world.figures[detail]
        return base | {"n": number(figure.value), "detail": figure.detail}
    if kind == "grade":
        return base | {"area": detail.lower(), "grade": world.grades[detail]}
    if kind == "theme":
        return base | {"n": number(world.thematic[detail])}
    if kind == "action":
        code = next(name for k, name in world.actions if k == detail)
        return base | {"name": ACTION_NAMES[detail].format(code=code)}
    total, _, _, bad = world.cases()
    people = {"hmi": world.hmi, "chief": world.chief, "lead": world.lead, "pcc": world.pcc}
    if kind in people:
        p = people[kind]
        return base | {"name": p.name, "rank": p.rank, "lower_rank": p.rank.lower(),
                       "role": p.role, "title": p.rank}
    return base | {
        "cases": {"n": number(total)}, "inadequate": {"k": number(bad), "n": number(total)},
        "recs": {"n": str(len(world.recs))}, "fieldwork": {"when": month_year(world.fieldwork)},
        "published": {"date": long_date(world.published)},
        "reinspection": {"when": month_year(world.followup.fieldwork) if world.followup else ""},
        "achieved": {"k": str(sum(r.status == "achieved" for r in world.recs)),
                     "n": str(len(world.recs))},
    }[kind]


def value(world: ForceWorld, fact: str) -> str:
    """What a correct answer about `fact` must contain."""
    from bench.library_words import action_fact
    s = slots(world, fact)
    kind = fact.partition(":")[0]
    if kind == "grade":
        return s["grade"]
    if kind == "action":
        return action_fact(fact.partition(":")[2], s["name"])
    if kind in ("hmi", "chief", "lead", "pcc"):
        return s["name"]
    if kind == "recs":
        return f"{s['n']} recommendations"
    if kind == "achieved":
        return f"{s['k']} of"
    return {"inadequate": s.get("k"), "fieldwork": s.get("when"), "reinspection": s.get("when"),
            "published": s.get("date")}.get(kind) or s["n"]
