"""Saved web pages of the development library: a police and crime commissioner's statement and a
local news article on each force's inspection, wrapped in what real pages carry (cookie banner,
navigation, breadcrumbs, share links, related stories, footer).

Owns the pages' HTML and where their facts go. Wording is library_words'.
"""
from __future__ import annotations

import html
import random
from pathlib import Path

from bench.library_ledger import Ledger
from bench.library_report import slug
from bench.library_words import PCC, PRESS, has, say
from bench.library_world import ForceWorld, long_date, slots
from bench.library_write import doc_record

PCC_FILLER = (
    "Keeping children safe is one of the priorities in my Police and Crime Plan.",
    "I will be monitoring progress closely through my accountability meetings.",
    "Residents rightly expect the police to protect the most vulnerable.",
    "I welcome the inspectorate’s recognition of the hard work of officers and staff.",
    "There is clearly more to do, and I will support the force in doing it.",
    "I will publish updates on progress on my website.")
PRESS_FILLER = (
    "The findings will make uncomfortable reading for senior officers.",
    "The force said it accepted the findings in full.",
    "Campaigners said the report showed the scale of the challenge.",
    "The inspectorate will return to check on progress.",
    "It is the latest in a series of inspections of child protection across England and Wales.",
    "A spokesperson for the local authority said it would continue to work with the police.")
HMI_QUOTES = ("“Children must be at the heart of everything the force does.”",
              "“The force has much to do, and it must act quickly.”",
              "“I am encouraged by the commitment we saw, but the force must improve.”")
CHIEF_QUOTES = ("“We accept the findings and we are already making changes.”",
                "“Protecting children is our priority and we will not be complacent.”",
                "“I am determined that we will do better for children.”")
COOKIE = ('<div class="cookie-banner" id="cookie-banner"><p>We use cookies to make this site '
          'work and to collect analytics.</p><p>Accept all cookies or reject analytics cookies '
          'in your cookie settings.</p></div>')


def write_pcc(world: ForceWorld, corpus: Path, ledger: Ledger, seed: int) -> dict:
    rng = random.Random(f"{seed}:pcc:{world.name}")
    file = f"web/pcc-{slug(world.info.area)}-{rng.choice(('statement', 'responds'))}-" \
           f"{world.pcc_statement.year}.html"
    title = rng.choice(("Commissioner responds to child protection inspection",
                        f"Statement on the HMICFRS inspection of {world.name}",
                        "PCC statement: inspection of child protection"))
    paras: list[str] = []

    def add(fact: str, words: str = "", extra: str = "") -> None:
        sentence, phrase = say(rng, words or fact, PCC, **slots(world, fact))
        paras.append(" ".join(p for p in (sentence, extra) if p))
        ledger.add(world.name, fact, file, phrase, 1, PCC)

    paras.append(rng.choice(("HMICFRS has today published its child protection inspection of "
                             "{force}.", "The inspectorate’s report on how {force} protects "
                             "children was published this week.")).format(force=world.name))
    add("pcc", extra="“" + rng.choice(PCC_FILLER))
    paras[-1] += "”"
    area = rng.choice(list(world.grades))
    add(f"grade:{area}", words="grade", extra=rng.choice(PCC_FILLER))
    add("recs", extra=rng.choice(PCC_FILLER))
    add("chief")
    for kind in world.figures:
        if has(f"figure:{kind}", PCC):
            add(f"figure:{kind}")
    for kind, _ in world.actions:
        if has(f"action:{kind}", PCC):
            add(f"action:{kind}", extra=rng.choice(PCC_FILLER))
    paras.append(rng.choice(PCC_FILLER))
    site = f"{world.pcc.role}".replace("Police and Crime Commissioner", "Office of the Police "
                                       "and Crime Commissioner")
    page = _page(rng, title, site, long_date(world.pcc_statement), paras, byline="")
    return _save(corpus, file, page, world, title, site, "PCC statement",
                 world.pcc_statement, f"https://www.{slug(world.info.area)}-pcc.gov.uk/news/"
                 f"{slug(title)}/")


def write_news(world: ForceWorld, corpus: Path, ledger: Ledger, seed: int) -> dict:
    rng = random.Random(f"{seed}:news:{world.name}")
    file = f"news/{slug(world.outlet)}-{slug(world.info.short[0])}-child-protection.html"
    grade_area = rng.choice(list(world.grades))
    grade = world.grades[grade_area]
    title = rng.choice((f"{world.info.short[0]} police must do more to protect children, "
                        f"say inspectors",
                        f"Inspectors raise concerns over how {world.name} protects children",
                        f"Child protection: {world.name} rated {grade} on {grade_area.lower()}"))
    paras: list[str] = []

    def add(fact: str, words: str = "", extra: str = "") -> None:
        sentence, phrase = say(rng, words or fact, PRESS, **slots(world, fact))
        paras.append(" ".join(p for p in (sentence, extra) if p))
        ledger.add(world.name, fact, file, phrase, 1, PRESS)

    add(rng.choice(("published", "fieldwork")), extra=rng.choice(PRESS_FILLER))
    add("cases")
    add("inadequate", extra=rng.choice(PRESS_FILLER))
    add(f"grade:{grade_area}", words="grade")
    add("recs")
    add("hmi", extra=rng.choice(HMI_QUOTES))
    add("chief", extra=rng.choice(CHIEF_QUOTES))
    kinds = [k for k in world.figures if has(f"figure:{k}", PRESS)]
    for kind in rng.sample(kinds, min(2, len(kinds))):
        add(f"figure:{kind}")
    for kind, _ in world.actions[:2]:
        if has(f"action:{kind}", PRESS):
            add(f"action:{kind}")
    if rng.random() < 0.5:
        add("lead", extra="“We have listened and we are changing how we work.”")
    paras.append(rng.choice(PRESS_FILLER))
    byline = f"By {world.journalist.name}"
    ledger.add(world.name, "journalist", file, byline, 1, PRESS)
    page = _page(rng, title, world.outlet, long_date(world.news), paras, byline)
    return _save(corpus, file, page, world, title, world.outlet, "news article", world.news,
                 f"https://www.{slug(world.outlet)}.co.uk/news/{slug(title)}/")


def _page(rng: random.Random, title: str, site: str, when: str, paras: list[str],
          byline: str) -> str:
    e = html.escape
    body = "\n".join(f"<p>{e(p)}</p>" for p in paras)
    meta = f'<p class="byline">{e(byline)}</p>\n' if byline else ""
    when = rng.choice((when, f"Published {when}",
                       f"Last updated: {when}, 09:{rng.randint(10, 59)}"))
    article = (f"<h1>{e(title)}</h1>\n{meta}<p class=\"date\">{e(when)}</p>\n{body}\n"
               f"<div class=\"share\"><p>Share this page</p></div>")
    nav = ('<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>'
           '<li><a href="/about">About</a></li><li><a href="/contact">Contact us</a></li>'
           '</ul></nav>')
    related = ("<h2>Related news</h2><ul>" + "".join(
        f"<li><a href=\"/news/{n}\">{e(t)}</a></li>" for n, t in enumerate(
            ("Appeal for witnesses after collision", "New neighbourhood team for town centre",
             "Volunteers sought for custody visiting scheme"))) + "</ul>")
    footer = (f"<footer><p>© {e(site)}</p><p>Privacy notice | Accessibility | Cookies</p>"
              f"</footer>")
    skeleton = rng.randrange(3)
    if skeleton == 0:
        inner = f"<main><article>\n{article}\n</article><aside>{related}</aside></main>"
    elif skeleton == 1:
        inner = f"<div id=\"content\"><article>\n{article}\n</article>\n{related}</div>"
    else:
        inner = f"<div class=\"page\"><div class=\"story\">\n{article}\n</div>\n{related}</div>"
    return (f"<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head><meta charset=\"utf-8\">"
            f"<title>{e(title)} | {e(site)}</title><script>window.dataLayer=[];</script>"
            f"</head>\n<body>\n{COOKIE}\n<header><a href=\"/\">{e(site)}</a>{nav}</header>\n"
            f"<p class=\"breadcrumb\">Home &gt; News &gt; {e(title)}</p>\n{inner}\n{footer}\n"
            f"</body>\n</html>\n")


def _save(corpus: Path, file: str, page: str, world: ForceWorld, title: str, organisation: str,
          doc_type: str, published, source: str) -> dict:
    path = corpus / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return doc_record(file, title, organisation, world.name, doc_type, published, source)
