"""Validate the pages6 questions against the engine's reader. Run from the repository root:
    .venv/bin/python eval/pages6/validate.py [--dump]
"""
import json, sys, re
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from pathlib import Path
from qa.ingest.files import load_document
from qa.ingest.metadata import Catalog

ROOT = Path(__file__).resolve().parent; CORPUS = ROOT / "corpus"
KINDS = {"fact", "figure", "date", "grade", "person", "comparison", "multi-part", "follow-up", "excerpt", "unanswerable"}
FURNITURE = ["Skip to main content", "Accept additional cookies", "Was this page useful", "Most Read", "Related content",
             "Share this page", "Sign up to our free daily newsletter", "Crown copyright", "I Accept", "More news", "Latest news",
             "Recent posts", "Newsletter", "Accessibility"]

def ws(s): return re.sub(r"\s+", " ", s).strip()

catalog = Catalog.read(CORPUS / "catalog.csv")
problems = list(f"catalog: {p}" for p in catalog.problems)
docs = {}
for p in sorted(CORPUS.rglob("*")):
    if not p.is_file() or p.name == "catalog.csv": continue
    rel = str(p.relative_to(CORPUS))
    try:
        docs[rel] = load_document(p, rel, catalog, 50_000_000)
    except Exception as exc:
        problems.append(f"{rel}: cannot load: {exc}")

dump = "--dump" in sys.argv
if dump:
    (ROOT / "scratch" / "text").mkdir(parents=True, exist_ok=True)
for rel, d in docs.items():
    m = d.meta
    kept = [f for f in FURNITURE if f in d.text]
    print(f"== {rel}\n   title={m.title!r} date={m.published!r} force={m.force!r} type={m.doc_type!r} chars={len(d.text)} words={len(d.text.split())}")
    print(f"   furniture kept: {kept}")
    print("   " + d.text[:300].replace("\n", " | "))
    if dump:
        (ROOT / "scratch" / "text" / (rel.replace("/", "__") + ".txt")).write_text(d.text)

ids = set(); counts = {}
for half in ("dev", "check"):
    path = ROOT / "questions" / f"{half}.jsonl"
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
    if len(lines) != 60: problems.append(f"{half}: {len(lines)} questions, not 60")
    for n, line in enumerate(lines, 1):
        try: q = json.loads(line)
        except Exception as exc:
            problems.append(f"{half}:{n}: bad JSON {exc}"); continue
        qid = q.get("id", f"{half}:{n}")
        if qid in ids: problems.append(f"{qid}: duplicate id")
        ids.add(qid)
        if not qid.startswith(f"pg6-{half}-"): problems.append(f"{qid}: id prefix")
        k = q.get("kind"); counts.setdefault(half, {}).setdefault(k, 0); counts[half][k] += 1
        if k not in KINDS: problems.append(f"{qid}: bad kind {k}")
        for key in ("question", "gold", "facts", "forces"):
            if key not in q: problems.append(f"{qid}: missing {key}")
        if k == "follow-up" and not (isinstance(q.get("history"), list) and q["history"] and all(h.strip() for h in q["history"])):
            problems.append(f"{qid}: follow-up without history")
        if k == "unanswerable":
            if q.get("gold") or q.get("facts"): problems.append(f"{qid}: unanswerable with gold/facts")
            continue
        if not q.get("gold"): problems.append(f"{qid}: no gold"); continue
        if not q.get("facts"): problems.append(f"{qid}: no facts")
        if k == "comparison":
            fs = {g.get("force") for g in q["gold"]}
            if len(fs) < 2 or None in fs or "" in fs: problems.append(f"{qid}: comparison golds need a force each (2+ forces)")
        for g in q["gold"]:
            f = g.get("file"); ph = g.get("phrase", "")
            if f not in docs:
                problems.append(f"{qid}: file missing or not loaded: {f}"); continue
            text = docs[f].text
            if ph not in text:
                if ws(ph) in ws(text): print(f"   note {qid}: phrase matches only whitespace-insensitively in {f}")
                else: problems.append(f"{qid}: phrase not in {f}: {ph[:80]!r}")
            if any(fur in ph for fur in ("Share this", "cookies", "Skip to")): problems.append(f"{qid}: phrase looks like furniture")
        # every fact must be in at least one gold phrase; for single-gold questions in that phrase
        for fact in q.get("facts", []):
            if not any(fact.lower() in g.get("phrase", "").lower() for g in q["gold"]):
                problems.append(f"{qid}: fact {fact!r} not in any gold phrase")
        # question must not copy a sentence of the document: flag any 8-word run shared with a gold phrase
        qw = re.findall(r"\w+", q["question"].lower())
        for g in q["gold"]:
            pw = " ".join(re.findall(r"\w+", g.get("phrase", "").lower()))
            for i in range(len(qw) - 7):
                if " ".join(qw[i:i + 8]) in pw:
                    problems.append(f"{qid}: question copies 8+ words of its gold phrase"); break

used = {g["file"] for half in ("dev", "check") for l in (ROOT / "questions" / f"{half}.jsonl").read_text().splitlines() if l.strip()
        for g in json.loads(l).get("gold", [])}
print("\ndocuments never used as gold:", sorted(set(docs) - used))
print("counts by kind:", json.dumps(counts, sort_keys=True))
print(f"documents loaded: {len(docs)}")
print(f"{len(problems)} problems")
for p in problems: print("  -", p)
