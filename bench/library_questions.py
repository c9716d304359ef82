"""Questions about the development library with their ground truth: facts, figures, grades,
dates, people, comparisons, multi-part and follow-up questions, excerpt requests and questions
no document answers, split into a development half and a check half by force.

Owns choosing questions and their gold (every place a fact was written, from the ledger) and
the split. Wording is library_asking's; checking gold against the loader is library_check's.
"""
from __future__ import annotations

import random
import re

from bench.library_asking import (AREA_WORDS, ASK, COMPARE, EXCERPT, FOLLOW, MULTI,
                                  UNANSWERABLE, force_ref)
from bench.library_ledger import Ledger, Mention
from bench.library_names import ABSENT_FORCES, FORCES
from bench.library_world import ForceWorld, Rec, value

PER_FORCE = {"fact": 4, "figure": 3, "grade": 2, "date": 2, "person": 2}


def norm(text: str) -> str:
    """Lower case, every run of whitespace one space (as the evaluation compares text)."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().lower()


def build_questions(worlds: list[ForceWorld], ledger: Ledger, seed: int) -> dict[str, list]:
    rng = random.Random(f"{seed}:questions")
    halves: dict[str, list[dict]] = {"dev": [], "check": []}
    for world in worlds:
        halves[world.half] += [q | {"forces": [world.name]}
                               for q in _force_questions(world, ledger, rng)]
    names = {w.name for w in worlds}
    absent = list(ABSENT_FORCES) + [f.name for f in FORCES if f.name not in names][:6]
    for half, items in halves.items():
        mine = [w for w in worlds if w.half == half]
        items += _comparisons(mine, ledger, rng)
        items += _unanswerable(mine, absent, rng, max(2, round(len(items) / 9)))
        rng.shuffle(items)
        for n, item in enumerate(items, start=1):
            item["id"] = f"lib-{half}-{n:04d}"
        halves[half] = [{k: item[k] for k in ("id", "question", "kind", "gold", "facts",
                                              "history", "forces") if k in item}
                        for item in items]
    return halves


# ground truth ------------------------------------------------------------------------------
def _rec(world: ForceWorld, fact: str) -> Rec | None:
    kind, _, n = fact.rpartition(":")
    pool = world.causes if kind.endswith("cause") else world.recs
    return next((r for r in pool if str(r.number) == n), None)


def _truth(world: ForceWorld, ledger: Ledger, fact: str) -> tuple[list[dict], str]:
    """(gold locations, the value an answer must contain) for one fact of one force."""
    if fact.startswith(("rec:", "cause:", "deadline:")):
        rec = _rec(world, fact)
        source = ledger.find(world.name, f"{fact.split(':')[0].replace('deadline', 'rec')}:"
                             f"{rec.number}")
        if fact.startswith("deadline:"):
            phrase = rec.text[:rec.text.index(rec.core) + len(rec.core)]
            must = rec.deadline.removeprefix("within ").removeprefix("by ")
        elif fact.startswith("rec:"):
            phrase, must = rec.core, rec.topic.keyword
        else:
            phrase, must = rec.text.rstrip("."), " ".join(rec.topic.cause.split()[-4:])
        return [_where(ledger, m, phrase) for m in source], must
    mentions = ledger.find(world.name, fact)
    if fact.startswith("finding:"):
        must = _rec(world, fact).status
    elif fact.startswith("response:"):
        rec = _rec(world, fact)
        must = " ".join(rec.topic.responses[rec.response].split()[-3:])
    elif fact == "journalist":
        must = world.journalist.name
    else:
        must = value(world, fact)
    return [_where(ledger, m) for m in mentions if norm(must) in norm(m.phrase)], must


def _where(ledger: Ledger, m: Mention, phrase: str = "") -> dict:
    out = {"file": m.file, "phrase": phrase or m.phrase}
    if m.file in ledger.pages:
        out |= {"page": m.page, "page_label": ledger.label(m.file, m.page)}
    return out


# wording -----------------------------------------------------------------------------------
def _slots(world: ForceWorld, fact: str, rng: random.Random) -> dict:
    out = {"f": force_ref(rng, world.name, world.info.short), "outlet": world.outlet,
           "chief": world.info.chief_role.lower(), "area": world.info.area}
    kind, _, detail = fact.partition(":")
    if kind == "figure":
        figure = world.figures[detail]
        out |= {"detail": figure.detail, "short": figure.short or figure.detail}
    if kind == "grade":
        out["area"] = rng.choice(AREA_WORDS[detail])
    if kind in ("rec", "cause", "deadline", "finding", "response"):
        rec = _rec(world, fact)
        out |= {"topic": rng.choice(rec.topic.ask), "n": rec.number}
    return out


def _ask_key(fact: str) -> str:
    kind = fact.partition(":")[0]
    return fact if kind in ("figure", "theme", "action") else kind


def _overlaps(question: str, gold: list[dict], words: int = 6) -> bool:
    """The question repeats `words` consecutive words of a gold phrase."""
    q = norm(re.sub(r"[^\w\s]", " ", question))
    for g in gold:
        p = norm(re.sub(r"[^\w\s]", " ", g["phrase"])).split()
        if any(" ".join(p[i:i + words]) in q for i in range(len(p) - words + 1)):
            return True
    return False


def _phrase(templates, slots, gold, rng) -> str:
    for _ in range(6):
        text = rng.choice(templates).format(**slots)
        if not _overlaps(text, gold):
            return text
    return text


# questions ---------------------------------------------------------------------------------
KIND_OF = {"figure": "figure", "theme": "figure", "cases": "figure", "inadequate": "figure",
           "recs": "figure", "achieved": "figure", "grade": "grade", "fieldwork": "date",
           "published": "date", "reinspection": "date", "deadline": "date", "hmi": "person",
           "chief": "person", "lead": "person", "pcc": "person", "journalist": "person"}


def _single(world, ledger, fact, rng) -> dict | None:
    gold, must = _truth(world, ledger, fact)
    if not gold:
        return None
    text = _phrase(ASK[_ask_key(fact)], _slots(world, fact, rng), gold, rng)
    return {"question": text, "kind": KIND_OF.get(fact.partition(":")[0], "fact"),
            "gold": gold, "facts": [must]}


def _candidates(world: ForceWorld) -> dict[str, list[str]]:
    recs = [f"rec:{r.number}" for r in world.recs]
    fact = recs + [f"cause:{c.number}" for c in world.causes]
    fact += [f"finding:rec:{r.number}" for r in world.recs if r.status]
    fact += [f"response:rec:{r.number}" for r in world.recs if r.response >= 0]
    fact += [f"action:{kind}" for kind, _ in world.actions]
    figure = [f"figure:{k}" for k in world.figures] + ["cases", "inadequate", "recs"]
    figure += ["achieved"] * bool(world.followup) + [f"theme:{t}" for t in world.thematic]
    return {"fact": fact, "figure": figure, "grade": [f"grade:{a}" for a in world.grades],
            "date": ["fieldwork", "published"] + ["reinspection"] * bool(world.followup)
            + [f"deadline:{r.number}" for r in world.recs if r.deadline],
            "person": ["hmi", "chief", "lead", "pcc", "journalist"]}


def _force_questions(world: ForceWorld, ledger: Ledger, rng: random.Random) -> list[dict]:
    out = []
    for kind, facts in _candidates(world).items():
        rng.shuffle(facts)
        made = [q for q in (_single(world, ledger, f, rng) for f in facts) if q]
        out += made[:PER_FORCE[kind]]
    out += _multi(world, ledger, rng)
    out += _follow_ups(world, ledger, rng)
    out += _excerpt(world, ledger, rng)
    return out


def _pair_facts(world: ForceWorld, pair: tuple[str, str], rng) -> tuple[str, ...] | None:
    """The two facts of a two-part question: a grade gets an area, a recommendation one
    that has what the other part asks about (a finding, a response)."""
    if ("achieved" in pair or "reinspection" in pair) and not world.followup:
        return None
    rec = None
    if "rec" in pair:
        need = {"finding": lambda r: bool(r.status), "response": lambda r: r.response >= 0}
        other = next((x for x in pair if x != "rec"), "")
        pool = [r for r in world.recs if need.get(other, lambda r: True)(r)]
        if not pool:
            return None
        rec = rng.choice(pool)
    area = rng.choice(list(world.grades))
    named = {"grade": f"grade:{area}", "rec": f"rec:{rec.number}" if rec else "",
             "finding": f"finding:rec:{rec.number}" if rec else "",
             "response": f"response:rec:{rec.number}" if rec else ""}
    return tuple(named.get(x, x) for x in pair)


def _multi(world, ledger, rng) -> list[dict]:
    out = []
    for pair in rng.sample(list(MULTI), 2):
        facts = _pair_facts(world, pair, rng)
        if not facts:
            continue
        truths = [_truth(world, ledger, f) for f in facts]
        if not all(g for g, _ in truths):
            continue
        slots = _slots(world, facts[0], rng) | _slots(world, facts[1], rng)
        gold = truths[0][0] + truths[1][0]
        out.append({"question": _phrase(MULTI[pair], slots, gold, rng), "kind": "multi-part",
                    "gold": gold, "facts": [truths[0][1], truths[1][1]]})
    return out


def _follow_ups(world, ledger, rng) -> list[dict]:
    out = []
    for pair in rng.sample(list(FOLLOW), 1 + (rng.random() < 0.5)):
        facts = _pair_facts(world, pair, rng)
        if not facts:
            continue
        gold, must = _truth(world, ledger, facts[1])
        if not gold:
            continue
        first, seconds = FOLLOW[pair]
        out.append({"question": rng.choice(seconds), "kind": "follow-up", "gold": gold,
                    "facts": [must], "history": [first.format(**_slots(world, facts[0], rng))]})
    return out


def _excerpt(world, ledger, rng) -> list[dict]:
    rec = rng.choice(world.recs)
    gold = []
    for fact in (f"rec:{rec.number}", f"finding:rec:{rec.number}",
                 f"response:rec:{rec.number}"):
        if fact.startswith("rec:") or ledger.find(world.name, fact):
            gold += _truth(world, ledger, fact)[0]
    slots = _slots(world, f"rec:{rec.number}", rng)
    return [{"question": _phrase(EXCERPT, slots, gold, rng), "kind": "excerpt", "gold": gold,
             "facts": []}]


def _comparisons(worlds: list[ForceWorld], ledger: Ledger, rng) -> list[dict]:
    order = list(worlds)
    rng.shuffle(order)
    out = []
    pairs = list(zip(order, order[1:] + order[:1])) if len(order) > 2 else [tuple(order)]
    for a, b in [p for p in pairs if len(p) == 2]:
        options = ["cases", "recs", "fieldwork", "grade"]
        options += [f"theme:{t}" for t in ("online", "missing")
                    if t in a.thematic and t in b.thematic]
        what = rng.choice(options)
        fact = f"grade:{rng.choice(list(a.grades))}" if what == "grade" else what
        golds, facts = [], []
        for world in (a, b):  # every place each force's fact is written counts as its evidence
            gold, must = _truth(world, ledger, fact)
            golds += [g | {"force": world.name} for g in gold]
            facts.append(must)
        slots = {"a": force_ref(rng, a.name, a.info.short),
                 "b": force_ref(rng, b.name, b.info.short),
                 "area": rng.choice(AREA_WORDS.get(fact.partition(":")[2], ("",)))}
        out.append({"question": _phrase(COMPARE[what], slots, golds, rng),
                    "kind": "comparison", "gold": golds, "facts": facts,
                    "forces": [a.name, b.name]})
    return out


def _unanswerable(worlds, absent, rng, count: int) -> list[dict]:
    out, seen = [], set()
    for _ in range(count * 4):
        world = rng.choice(worlds)
        slots = {"f": force_ref(rng, world.name, world.info.short), "area": world.info.area,
                 "chief": world.info.chief_role.lower(), "absent": rng.choice(absent),
                 "year": rng.choice((2008, 2011, 2014, 2016))}
        template = rng.choice(UNANSWERABLE)
        text = template.format(**slots)
        if text not in seen:
            seen.add(text)
            out.append({"question": text, "kind": "unanswerable", "gold": [], "facts": [],
                        "forces": [world.name] if "{f}" in template else []})
        if len(out) == count:
            break
    return out
