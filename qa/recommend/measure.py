"""The tracker's figures against a generated library's ground truth
(truth/recommendations.jsonl of `python -m bench.library`): extraction precision and recall,
link precision and recall for responses and for findings, and status accuracy.

Owns the matching of records and links to the truth: a record is the truth's when it is of the
same file and its text is the truth's text (spacing aside); a link is right when it is in the
file the truth names and its quote holds the truth's phrase. Only confident links count as
claims; "possible" ones are counted apart. Loading the index and printing are the CLI's.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from qa.recommend.records import NO_FINDING, Recommendation
from qa.types import Document


@dataclass
class Figures:
    records: int = 0
    truth: int = 0
    matched: int = 0
    links: dict = field(default_factory=dict)  # kind -> [claimed, right, truth, found, possible]
    status_right: int = 0
    status_total: int = 0
    misses: list = field(default_factory=list)

    def ratio(self, a: int, b: int) -> float:
        return a / b if b else float("nan")

    def rows(self) -> list[tuple[str, float, str]]:
        out = [("extraction precision", self.ratio(self.matched, self.records),
                f"{self.matched}/{self.records}"),
               ("extraction recall", self.ratio(self.matched, self.truth),
                f"{self.matched}/{self.truth}")]
        for kind, (claimed, right, truth, found, possible) in self.links.items():
            out += [(f"{kind} link precision", self.ratio(right, claimed), f"{right}/{claimed}"),
                    (f"{kind} link recall", self.ratio(found, truth), f"{found}/{truth}"),
                    (f"{kind} shown as possible", float(possible), "")]
        out.append(("status accuracy", self.ratio(self.status_right, self.status_total),
                    f"{self.status_right}/{self.status_total}"))
        return out

    def table(self) -> str:
        lines = ["| figure | value | count |", "|---|---|---|"]
        for name, value, count in self.rows():
            shown = f"{value:.0f}" if name.endswith("possible") else f"{value:.3f}"
            lines.append(f"| {name} | {shown} | {count} |")
        return "\n".join(lines)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _spans(doc: Document | None, want: dict) -> list[tuple[int, int]]:
    """Where the truth's phrase is on its page (a phrase may recur on other pages, and on the
    same page only for another record: then a link holding any of them is counted right)."""
    if doc is None:
        return []
    pattern = r"\s+".join(re.escape(w) for w in want["phrase"].split())
    return [(m.start(), m.end()) for m in re.finditer(pattern, doc.text)
            if doc.page_at(m.start()) == want["page"]]


def _holds(link, want: dict, docs: dict) -> bool:
    return link.file == want["file"] and any(
        link.start < e and s < link.end for s, e in _spans(docs.get(want["file"]), want))


def measure(records: list[Recommendation], documents: list[Document],
            truth_file: Path) -> Figures:
    truth = [json.loads(line) for line in truth_file.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    docs = {d.file: d for d in documents}
    ours = {(r.file, _norm(r.text)): r for r in records}
    fig = Figures(records=len(records), truth=len(truth))
    for kind in ("responses", "findings"):
        fig.links[kind] = [sum(1 for r in records for x in getattr(r, kind) if x.confident),
                           0, 0, 0,
                           sum(1 for r in records for x in getattr(r, kind) if not x.confident)]
    right_links = {"responses": 0, "findings": 0}
    for t in truth:
        mine = ours.get((t["file"], _norm(t["text"])))
        if mine is None:
            fig.misses.append(f"not extracted: {t['file']} {t['kind']} {t['number']}")
            continue
        fig.matched += 1
        for kind in ("responses", "findings"):
            claimed = [x for x in getattr(mine, kind) if x.confident]
            fig.links[kind][2] += len(t[kind])
            for want in t[kind]:
                hit = any(_holds(x, want, docs) for x in claimed)
                fig.links[kind][3] += hit
                if not hit:
                    fig.misses.append(f"{kind} link missed: {t['file']} {t['kind']} "
                                      f"{t['number']} -> {want['file']} p{want['page']}")
            for x in claimed:
                ok = any(_holds(x, w, docs) for w in t[kind])
                right_links[kind] += ok
                if not ok:
                    fig.misses.append(f"{kind} link wrong: {t['file']} {t['kind']} "
                                      f"{t['number']} -> {x.file} p{x.page} ({x.score}, {x.how})")
        if t["findings"]:
            fig.status_total += 1
            want = t["findings"][-1]["status"]
            fig.status_right += mine.status == want
            if mine.status != want:
                fig.misses.append(f"status: {t['file']} {t['kind']} {t['number']}: "
                                  f"{mine.status} (truth {want})")
        elif mine.status != NO_FINDING:
            fig.status_total += 1
            fig.misses.append(f"status invented: {t['file']} {t['kind']} {t['number']}")
    for kind in right_links:
        fig.links[kind][1] = right_links[kind]
    known = {(t["file"], _norm(t["text"])) for t in truth}
    fig.misses += [f"not in truth: {r.file} {r.label}" for r in records
                   if (r.file, _norm(r.text)) not in known]
    return fig
