"""Validate a library of public pages (eval/pagesN: corpus/ and questions/dev.jsonl,
check.jsonl) against the team's own reader: every catalog row and document, 60 questions a
half, every gold phrase in the reader's text (on its page, with its printed label, for a PDF).
Run from the repository root:  .venv/bin/python eval/validate_pages.py eval/pages7 [--quiet]
(each library's validate.py runs this on its own folder)."""
import json, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from qa.ingest.files import load_document
from qa.ingest.metadata import Catalog

ROOT = Path(sys.argv[1]).resolve()
CORPUS = ROOT / "corpus"
KINDS = {"fact", "figure", "date", "grade", "person", "comparison", "multi-part", "follow-up", "excerpt", "unanswerable"}
DOC_TYPES = {"inspection", "re-inspection", "post-inspection review", "force response", "pcc statement", "news", "thematic"}
quiet = "--quiet" in sys.argv
problems = []

catalog = Catalog.read(CORPUS / "catalog.csv")
for p in catalog.problems:
    problems.append(f"catalog: {p}")
import csv
with open(CORPUS / "catalog.csv", newline="", encoding="utf-8") as fh:
    rows = list(csv.reader(fh))
if rows[0] != ["file", "title", "organisation", "force", "doc_type", "published", "source"]:
    problems.append(f"catalog header {rows[0]}")
for r in rows[1:]:
    if not (CORPUS / r[0]).is_file():
        problems.append(f"catalog row for missing file {r[0]}")
    if r[4] not in DOC_TYPES:
        problems.append(f"catalog bad doc_type {r}")

docs = {}
for path in sorted(CORPUS.rglob("*")):
    if not path.is_file() or path.name == "catalog.csv":
        continue
    rel = path.relative_to(CORPUS).as_posix()
    try:
        doc = load_document(path, rel, catalog, 50_000_000)
    except Exception as exc:  # noqa
        problems.append(f"{rel}: cannot load: {exc}")
        continue
    docs[rel] = doc
    if not quiet:
        pages = doc.pages
        plabels = [(p.number, p.label) for p in pages] if len(pages) > 1 else ""
        print(f"=== {rel}  | words={len(doc.text.split())}")
        print(f"    title={doc.meta.title!r}  published={doc.meta.published!r}  type={doc.meta.doc_type!r}  force={doc.meta.force!r}")
        if plabels:
            print(f"    pages={plabels}")
        print("    " + doc.text[:300].replace("\n", " ⏎ "))

def page_text(doc, number):
    for p in doc.pages:
        if p.number == number:
            return doc.text[p.start:p.end], p.label
    return None, None

counts = {}
for half in ("dev", "check"):
    qpath = ROOT / "questions" / f"{half}.jsonl"
    if not qpath.exists():
        problems.append(f"missing {qpath}")
        continue
    qs = [json.loads(l) for l in qpath.read_text(encoding="utf-8").splitlines() if l.strip()]
    if len(qs) != 60:
        problems.append(f"{half}: {len(qs)} questions, not 60")
    ids = set()
    kinds = {}
    for q in qs:
        qid = q.get("id")
        if qid in ids or qid in counts:
            problems.append(f"duplicate id {qid}")
        ids.add(qid); counts[qid] = half
        k = q.get("kind")
        kinds[k] = kinds.get(k, 0) + 1
        if k not in KINDS:
            problems.append(f"{qid}: bad kind {k}")
        for key in ("question", "gold", "facts", "forces"):
            if key not in q:
                problems.append(f"{qid}: missing {key}")
        if k == "unanswerable":
            if q["gold"] or q["facts"]:
                problems.append(f"{qid}: unanswerable with gold/facts")
            continue
        if not q["gold"] or not q["facts"]:
            problems.append(f"{qid}: answerable without gold/facts")
        if k == "follow-up" and not q.get("history"):
            problems.append(f"{qid}: follow-up without history")
        if k == "comparison":
            if len({g.get("force") for g in q["gold"]}) < 2 or any(not g.get("force") for g in q["gold"]):
                problems.append(f"{qid}: comparison needs a gold per side with force")
        for g in q["gold"]:
            f = g["file"]
            if not (CORPUS / f).is_file():
                problems.append(f"{qid}: file missing {f}"); continue
            doc = docs.get(f)
            if doc is None:
                problems.append(f"{qid}: document not loaded {f}"); continue
            phrase = g["phrase"]
            if phrase not in doc.text:
                problems.append(f"{qid}: phrase not in text of {f}: {phrase[:90]!r}")
            if f.endswith(".pdf"):
                if "page" not in g or "page_label" not in g:
                    problems.append(f"{qid}: pdf gold without page/page_label")
                else:
                    txt, label = page_text(doc, g["page"])
                    if txt is None or phrase not in txt:
                        problems.append(f"{qid}: phrase not on page {g['page']} of {f}")
                    if label != str(g["page_label"]):
                        problems.append(f"{qid}: page_label {g['page_label']!r} but reader says {label!r}")
        for fact in q["facts"]:
            if not any(fact.lower() in g["phrase"].lower() for g in q["gold"]):
                problems.append(f"{qid}: fact {fact!r} not in any gold phrase")
        if len(q["facts"]) > 3:
            problems.append(f"{qid}: more than 3 facts")
        for g in q["gold"]:
            if g["phrase"].lower() in q["question"].lower():
                problems.append(f"{qid}: question copies the phrase")
    print(f"{half}: {len(qs)} questions; by kind: {dict(sorted(kinds.items()))}")

print(f"{len(docs)} documents loaded; {len(rows) - 1} catalog rows")
print(f"{len(problems)} problems")
for p in problems:
    print("  -", p)
