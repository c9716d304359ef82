"""The recommendations tracker on a slice of the generated library (one force's report, its
response and the later review, whose truth says where each record, response and finding is):
records extracted at ingest with their exact text and page, linked to the response and the
finding that quotes their grade, rebuilt with the index, and nothing invented from the sample
corpus (which mentions Staffordshire's 15 recommendations without listing them)."""
from __future__ import annotations

import csv
import json
import re

import pytest
from docx import Document as WordDocument

from qa import cli
from qa.errors import IndexFormatError
from qa.index import publish, store
from qa.index.embedding import Embedder
from qa.ingest.build import ingest, is_stale
from qa.outputs import tracker
from qa.recommend import select
from qa.recommend.records import Link, NO_FINDING

pytestmark = pytest.mark.slow


def _documents(settings):
    return {d.file: d for d in store.load_index(settings.index, Embedder.name,
                                                Embedder.dimension).documents}


def _mine(found, truth: dict):
    return [r for r in found if r.file == truth["file"] and r.kind == truth["kind"]
            and r.number == truth["number"]]


def _holds(link, want: dict, doc) -> bool:
    pattern = r"\s+".join(re.escape(w) for w in want["phrase"].split())
    return link.file == want["file"] and any(
        link.start < m.end() and m.start() < link.end for m in re.finditer(pattern, doc.text))


def test_each_recommendation_is_a_record_with_its_exact_text_page_and_label(tracker_slice):
    settings, truth = tracker_slice
    found = select.load(settings.index)
    docs = _documents(settings)
    assert len(found) == len(truth)
    for want in truth:
        [mine] = _mine(found, want)
        assert " ".join(mine.text.split()) == " ".join(want["text"].split())
        assert docs[mine.file].text[mine.start:mine.end] == mine.text
        assert (mine.page, mine.page_label) == (want["page"], want["page_label"])
        assert mine.deadline.casefold() == want["deadline"].casefold()
        assert mine.force == want["force"] and mine.published == want["report_date"]


def test_each_record_links_to_the_response_and_the_graded_finding_the_truth_names(
        tracker_slice):
    settings, truth = tracker_slice
    found = select.load(settings.index)
    docs = _documents(settings)
    right = {"responses": [0, 0], "findings": [0, 0]}  # links right, wanted links found
    for want in truth:
        [mine] = _mine(found, want)
        for kind in ("responses", "findings"):
            confident = [x for x in getattr(mine, kind) if x.confident]
            for link in confident:
                assert docs[link.file].text[link.start:link.end] == link.quote
                right[kind][0] += any(_holds(link, w, docs[w["file"]]) for w in want[kind])
            right[kind][1] += sum(any(_holds(x, w, docs[w["file"]]) for x in confident)
                                  for w in want[kind])
        status = want["findings"][-1]["status"] if want["findings"] else NO_FINDING
        assert mine.status == status
        if mine.finding:  # the grade is quoted from the inspection, word for word
            text = docs[mine.finding.file].text
            assert text[mine.finding.status_start:mine.finding.status_end] == \
                mine.finding.status_quote and status in mine.finding.status_quote.casefold()
    for kind, (correct, linked) in right.items():
        claimed = sum(x.confident for r in found for x in getattr(r, kind))
        wanted = sum(len(t[kind]) for t in truth)
        assert correct >= 0.9 * claimed and linked >= 0.8 * wanted, (kind, right[kind])


def test_ingest_embeds_what_each_record_is_about_so_questions_embed_only_their_own_topic(
        tracker_slice, embedder, tmp_path, monkeypatch):
    """The records' topic vectors are made at ingest, each as a question's topic is embedded
    (so the same whether made then or on demand); a chat question embeds its own topic and
    no record. A generation without them (or with vectors that do not fit) falls back."""
    from qa.recommend import chat
    from qa.recommend.records import VECTORS_FILE, read_vectors, topic_words
    settings, _truth = tracker_slice
    monkeypatch.setattr(chat, "_VECTORS", {})  # nothing embedded on demand by earlier tests
    gen = store.current_generation(settings.index)
    found = list(select.of_generation(gen))
    made = select.vectors_of_generation(gen)
    assert found and set(made) == {topic_words(r) for r in found}
    for r in found[:3]:
        assert made[topic_words(r)].tobytes() == embedder.encode_query(topic_words(r)).tobytes()
    asked = []

    def embed(text):
        asked.append(text)
        return embedder.encode_query(text)

    force = found[0].force
    docs = store.load_index(settings.index, Embedder.name, Embedder.dimension).documents
    got = chat.answer("What did HMICFRS recommend on missing children?",
                      "What did HMICFRS recommend on missing children?", (force,), gen, docs,
                      embed)
    assert got is not None and not got.refused
    assert len(asked) == 1 and not {topic_words(r) for r in found} & set(asked)
    assert read_vectors(gen, found[:-1]) == {}  # vectors of other records: none used
    import shutil
    damaged = tmp_path / gen.name
    shutil.copytree(gen, damaged)
    (damaged / VECTORS_FILE).write_bytes(b"not an array")
    assert read_vectors(damaged, found) == {}


def test_the_sample_corpus_gives_no_record(sample_settings):
    assert select.load(sample_settings.index) == []


def test_an_index_made_before_the_tracker_says_to_ingest_again(tracker_slice, tmp_path):
    settings, _truth = tracker_slice
    old = store.load_index(settings.index, Embedder.name, Embedder.dimension, mmap=False)
    manifest = {k: v for k, v in old.manifest.items() if k != "tracker"}
    publish.write_generation(tmp_path / "old", manifest, old.documents, old.chunks, old.vectors,
                           old.bm25, old.faiss_index, old.sentences, old.sentence_vectors,
                           old.fields)
    with pytest.raises(IndexFormatError, match="python -m qa ingest"):
        select.load(tmp_path / "old")
    assert is_stale(settings.__class__(**{**settings.__dict__, "index": tmp_path / "old"}))


def test_removing_the_review_takes_its_findings_away_at_the_next_ingest(tracker_slice,
                                                                       tmp_path, embedder):
    import shutil
    settings, truth = tracker_slice
    corpus = tmp_path / "corpus"
    shutil.copytree(settings.corpus, corpus)
    copy = settings.__class__(**{**settings.__dict__, "corpus": corpus,
                                 "index": tmp_path / "index"})
    ingest(copy, embedder=embedder)
    review = next(w["file"] for t in truth for w in t["findings"])
    assert any(r.status != NO_FINDING for r in select.load(copy.index))
    (corpus / review).unlink()
    report = ingest(copy, embedder=embedder)
    assert report.removed == [review] and report.embedded == 0
    assert {r.status for r in select.load(copy.index)} == {NO_FINDING}


def test_the_command_filters_and_writes_every_format(tracker_slice, tmp_path, capsys):
    settings, truth = tracker_slice
    force = truth[0]["force"]
    graded = [t for t in truth if t["findings"]]
    status = graded[0]["findings"][-1]["status"]
    assert cli.main(["recommendations", "--index", str(settings.index), "--force", force,
                     "--status", status]) == 0
    shown = capsys.readouterr().out
    want = [t for t in graded if t["findings"][-1]["status"] == status]
    assert shown.count(" · Recommendation ") + shown.count(" · Cause of concern ") == len(want)
    for suffix in (".csv", ".jsonl", ".md", ".docx"):
        out = tmp_path / f"tracker{suffix}"
        assert cli.main(["recommendations", "--index", str(settings.index), "-o",
                         str(out)]) == 0
        if suffix == ".csv":
            rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
            assert len(rows) == len(truth) and {r["text"] for r in rows} >= {truth[0]["text"]}
        elif suffix == ".jsonl":
            rows = [json.loads(line) for line in out.read_text().splitlines()]
            assert len(rows) == len(truth) and all(r["status"] for r in rows)
        else:
            text = out.read_text() if suffix == ".md" else "\n".join(
                p.text for p in WordDocument(str(out)).paragraphs)
            assert " ".join(truth[0]["text"].split()) in " ".join(text.split()).replace("\\", "")
    assert cli.main(["recommendations", "--index", str(settings.index), "-o",
                     str(tmp_path / "x.pdf")]) == 2
    assert "x.pdf: cannot write .pdf" in capsys.readouterr().err
    assert cli.main(["recommendations", "--index", str(settings.index), "--status",
                     "done"]) == 2
    capsys.readouterr()
    later = str(int(truth[0]["report_date"][:4]) + 1)
    assert cli.main(["recommendations", "--index", str(settings.index), "--since", later]) == 0
    assert "No recommendations or causes of concern match." in capsys.readouterr().out
    area = truth[0]["area"]
    assert cli.main(["recommendations", "--index", str(settings.index), "--since",
                     truth[0]["report_date"][:4], "--area", area]) == 0
    listed = capsys.readouterr().out
    assert listed.count("\n    ") and f"{sum(t['area'] == area for t in truth)} record" in listed
    assert cli.main(["recommendations", "--index", str(settings.index), "--since",
                     "last year"]) == 2
    assert "--since 'last year' is not a date" in capsys.readouterr().err


def test_a_link_below_the_bar_is_shown_as_possible_with_its_score(tracker_slice):
    settings, _truth = tracker_slice
    record = select.load(settings.index)[0]
    weak = Link("d", "f.pdf", "A response", "force response", "2023", 2, "2", "", "We did it.",
                0, 10, 0.55, False, "meaning and section")
    shown = tracker.response_text(record.__class__(**{**record.__dict__, "responses": (weak,)}))
    assert shown == "Possible (0.55): We did it."
    none = record.__class__(**{**record.__dict__, "responses": ()})
    assert tracker.response_text(none) == "No response found."


def test_chat_answers_what_was_recommended_and_whether_it_was_done_from_the_records(
        tracker_slice, embedder):
    from qa.ask.engine import Engine
    settings, truth = tracker_slice
    want = next(t for t in truth if t["responses"] and t["findings"])
    topic = re.sub(r"^[\d.]+\s*", "", want["section"].split(" > ")[-1]).lower()
    question = f"What did HMICFRS recommend to {want['force']} about {topic}, and has it " \
               f"been done?"
    answer = Engine.open(settings, embedder).ask(question)
    docs = _documents(settings)
    assert not answer.refused and answer.citations
    for c in answer.citations:
        assert c.doc.text[c.start:c.end] == c.quote and f"[{c.n}]" in answer.text
    assert any(" ".join(c.quote.split()) == " ".join(want["text"].split())
               for c in answer.citations)
    for w in want["responses"] + want["findings"]:
        assert any(_holds(_as_link(c), w, docs[w["file"]])
                   for c in answer.citations), w
    assert want["findings"][-1]["status"] in answer.text
    # the cited spans are the evidence, the later inspection's grade first: the question asks
    # whether it was done (asked only what was recommended, they keep the citations' order)
    assert sorted(p.chunk.text for p in answer.passages) == \
        sorted(c.quote for c in answer.citations)
    assert want["findings"][-1]["status"] in answer.passages[0].chunk.text
    assert [p.rank for p in answer.passages] == list(range(1, len(answer.passages) + 1))
    plain = Engine.open(settings, embedder).ask(
        f"What did HMICFRS recommend to {want['force']} about {topic}?")
    assert [p.chunk.text for p in plain.passages] == [c.quote for c in plain.citations]
    # what the inspectorate wanted the force to do, asked without "recommend": the same record
    wanted = Engine.open(settings, embedder).ask(
        f"What did the inspectorate want {want['force']} to improve about {topic}?")
    assert "recommendations tracker" in wanted.notice, wanted.text
    assert " ".join(wanted.citations[0].quote.split()) == " ".join(want["text"].split())
    counted = Engine.open(settings, embedder).ask(
        f"How many recommendations did HMICFRS make to {want['force']}?")
    assert "recommendations tracker" not in counted.notice  # the report's own count answers


def _as_link(c):
    return Link(c.doc.doc_id, c.doc.file, "", "", "", c.page, c.page_label, "", c.quote,
                c.start, c.end, 1.0, True, "")


HAND_REPORT = """---
title: Inspection of child protection services in Cumbria Constabulary
organisation: HMICFRS
force: Cumbria Constabulary
doc_type: inspection report
published: 2022-03-01
---
## 3. Missing children
Inspectors looked at forty reports of missing children and found supervision was patchy.

Recommendation 1: By 30 September 2022, Cumbria Constabulary should make sure that a
supervisor reviews every missing child report within 24 hours.

## 4. Custody
Too many children spent the night in police cells.

Cause of concern

Cumbria Constabulary keeps children in police custody overnight too often.
"""
HAND_RESPONSE = """---
title: Cumbria Constabulary's reply to the inspectorate
organisation: Cumbria Constabulary
force: Cumbria Constabulary
doc_type: force response
published: 2022-06-01
---
## Missing children
Supervisors now check each report of a missing child at the start of every shift, so none
waits more than a day.

## Custody
Two more secure beds have been agreed with the county council so that children are moved out of
cells before the night.
"""
HAND_REVIEW = """---
title: Cumbria Constabulary: a return visit on child protection
organisation: HMICFRS
force: Cumbria Constabulary
doc_type: post-inspection review
published: 2023-05-01
---
## Progress on what we asked for

### Recommendation 1 (2022)
"By 30 September 2022, Cumbria Constabulary should make sure that a supervisor reviews every
missing child report within 24 hours."

We sampled thirty reports; a supervisor had reviewed every one within a day. We judged this
recommendation to be achieved.

### Cause of concern (2022 report)
"Cumbria Constabulary keeps children in police custody overnight too often."

Children were still held overnight in a third of the cases we examined, so the concern is
not achieved.
"""


def test_a_report_response_and_review_written_otherwise_link_up(tmp_path, embedder):
    """Other wording than the generator's: a numbered recommendation and an unnumbered cause of
    concern, a response that names neither, a review that quotes each and grades it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, body in (("report.md", HAND_REPORT), ("reply.md", HAND_RESPONSE),
                       ("review.md", HAND_REVIEW)):
        (corpus / name).write_text(body, encoding="utf-8")
    from qa.config import load_settings
    settings = load_settings(environ={}, corpus=corpus, index=tmp_path / "index")
    ingest(settings, embedder=embedder)
    found = {r.kind: r for r in select.load(settings.index)}
    assert sorted(found) == ["cause of concern", "recommendation"]
    rec, concern = found["recommendation"], found["cause of concern"]
    assert (rec.number, rec.numbered, rec.deadline) == (1, True, "By 30 September 2022")
    assert (concern.number, concern.numbered) == (1, False)
    assert rec.response.confident and "start of every shift" in rec.response.quote
    # matched by meaning under the same heading only: shown, with its confidence
    assert "secure beds" in concern.response.quote and concern.response.score >= 0.5
    assert (rec.status, concern.status) == ("achieved", "not achieved")
    assert "judged this\nrecommendation to be achieved" in rec.finding.status_quote


def test_chat_answers_for_the_force_of_the_filter_when_the_question_names_none(
        tracker_slice, embedder):
    from qa.ask.engine import Engine
    from qa.types import Filters
    settings, truth = tracker_slice
    answer = Engine.open(settings, embedder).ask("What did HMICFRS recommend?",
                                                 Filters(forces=(truth[0]["force"],)))
    assert "recommendations tracker" in answer.notice
    assert len(answer.citations) >= len([t for t in truth if t["kind"] == "recommendation"])


def test_chat_picks_the_record_whose_heading_and_text_hold_the_topics_rarer_words(embedder):
    """"...about taking children into police protection?": every record of a force names the
    force and children, so their vectors are alike and the closest may be another; the terms
    only one record holds ("protection", under "Police protection powers") pick it."""
    from qa.recommend import chat
    areas = [("Training", "provide training on child exploitation and neglect to all frontline "
              "officers and check that the training improves practice"),
             ("Child exploitation", "improve how it identifies and records the criminal and "
              "sexual exploitation of children"),
             ("The voice of the child", "make sure that officers record the views, feelings "
              "and behaviour of children in every case"),
             ("Police protection powers", "review its use of police protection powers so that "
              "they are used only when necessary")]
    records = [chat.Recommendation(f"r{n}", "Kent Police", "d", "f", "t", "2021", "report",
                                   "recommendation", n, True,
                                   f"Within three months, Kent Police should {text}.",
                                   area, f"{n}. {area}", "", 1, "1", 0, 1)
               for n, (area, text) in enumerate(areas, start=1)]
    embed = lambda text: embedder.encode([text])[0]  # noqa: E731
    text = "What did HMICFRS recommend the force do about taking children into police protection?"
    chosen, topical = chat._about(text, records, embed)
    assert topical and chosen[0].section.endswith("Police protection powers")  # closest first
    assert len(chosen) < len(records)


def test_a_follow_up_asking_whether_it_was_done_is_answered_from_the_records(tracker_slice,
                                                                              embedder):
    """(Rules.tracked_follow_ups) "What did HMICFRS recommend to X about Y?" then "and was it
    achieved?" or "what has the force said it did about it?": the follow-up names no
    recommendation, but points back to one the tracker answered, so the record is given again
    with the force's response and the later inspection's grade, cited."""
    from qa.ask.engine import Engine
    from qa.ask.rules import Rules
    settings, truth = tracker_slice
    want = next(t for t in truth if t["findings"] and t["responses"])
    topic = re.sub(r"^[\d.]+\s*", "", want["section"].split(" > ")[-1]).lower()
    first = f"What did HMICFRS recommend to {want['force']} about {topic}?"
    engine = Engine.open(settings, embedder)
    assert "recommendations tracker" in engine.ask(first).notice
    a = engine.ask("and was it achieved?", history=(first,))
    assert "recommendations tracker" in a.notice and not a.refused
    assert any(" ".join(c.quote.split()) == " ".join(want["text"].split()) for c in a.citations)
    assert want["findings"][-1]["status"] in a.text
    responded = engine.ask("what has the force said it did about it?", history=(first,))
    assert "recommendations tracker" in responded.notice
    assert any(_holds(_as_link(c), w, _documents(settings)[w["file"]])
               for w in want["responses"] for c in responded.citations)
    off = engine.with_rules(Rules().without("tracked_follow_ups"), engine.decline_model)
    assert "recommendations tracker" not in off.ask("and was it achieved?",
                                                    history=(first,)).notice
