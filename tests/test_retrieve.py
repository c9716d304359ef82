import shutil

import pytest
from conftest import CORPUS, WILTSHIRE

from qa.ask.engine import Engine
from qa.ask.retrieve import W_DENSE, Retriever
from qa.ask.rules import Rules
from qa.ask.understand import understand
from qa.config import load_settings
from qa.ingest.build import ingest
from qa.types import Filters

pytestmark = pytest.mark.slow


def test_hybrid_scores_are_the_convex_sum_computed_independently(engine):
    """Each passage's score is 0.7 x its cosine + w_bm25 x its BM25 score over the best one,
    computed here from the raw vectors and BM25 scores of every chunk, and they come best first."""
    import numpy as np

    from qa.ask.retrieve import W_DENSE
    from qa.ask.understand import understand
    from qa.index.keywords import bm25_scores, terms
    loaded = engine.current()
    index, rules = loaded.index, engine.rules
    query = understand("officers trained on domestic abuse")
    qvec = engine.embed_query(query.text)
    bm25 = bm25_scores(index.bm25, terms(query.text), len(index))
    expected = W_DENSE * (np.asarray(index.vectors) @ qvec) + rules.w_bm25 * bm25 / bm25.max()
    passages = loaded.retriever.search(query, k=6, qvec=qvec)
    starts = {(int(index.chunks["doc"][i]), index.chunk(i).start): i for i in range(len(index))}
    got = [(p.score, expected[starts[(index.documents.index(p.doc), p.chunk.start)]])
           for p in passages]
    assert len(got) == 6
    assert [a for a, _ in got] == pytest.approx([b for _, b in got], abs=1e-4)
    assert [a for a, _ in got] == sorted((a for a, _ in got), reverse=True)
    assert got[0][1] == pytest.approx(max(expected), abs=1e-4)  # the best chunk of all leads


def test_filters_restrict_every_passage(engine):
    for filters, check in [
        (Filters(forces=("Wiltshire Police",)), lambda d: d.meta.force == "Wiltshire Police"),
        (Filters(doc_types=("force response",)), lambda d: d.meta.doc_type == "force response"),
        (Filters(since="2023-08", until="2023-12"),
         lambda d: "2023-08" <= d.meta.published[:7] <= "2023-12"),
        (Filters(organisations=("HMICFRS",)), lambda d: d.meta.organisation == "HMICFRS"),
    ]:
        passages = engine.search("child protection improvements", filters, k=10)
        assert passages and all(check(p.doc) for p in passages), filters


def test_filter_matching_nothing_gives_no_passages(engine):
    assert engine.search("training", Filters(since="2030")) == []


def test_named_force_focuses_the_search(engine):
    for q in ("What did Wilts say about training?", "training in Wiltshire Police"):
        passages = engine.search(q, k=6)
        assert passages and all(p.doc.file == WILTSHIRE for p in passages)


def test_two_forces_gather_evidence_for_each(engine):
    passages = engine.search("How do Staffs and Glos compare on missing children?", k=6)
    forces = {p.doc.meta.force for p in passages}
    assert forces == {"Staffordshire Police", "Gloucestershire Constabulary"}


def test_syndicated_copy_does_not_crowd_results(tmp_path, embedder):
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    shutil.copy(corpus / WILTSHIRE, corpus / "syndicated_copy.txt")
    settings = load_settings(environ={}, corpus=corpus, index=tmp_path / "i")
    ingest(settings, embedder=embedder)
    eng = Engine.open(settings, embedder)
    passages = eng.search("Domestic Abuse Matters training frontline officers", k=6)
    texts = [p.chunk.text for p in passages]
    assert len(texts) == len(set(texts))
    dam = [p for p in passages if "Domestic Abuse Matters" in p.chunk.text]
    assert len(dam) == 1


def test_filtered_search_on_a_large_selection_uses_faiss_with_a_bitmap(engine, monkeypatch):
    """Above the brute-force subset size the filter is applied inside FAISS (IDSelectorBitmap);
    it must give the same passages as the exact subset search."""
    import qa.ask.dense as dense
    filters = Filters(doc_types=("force response",))
    exact = [p.chunk.start for p in engine.search("missing children", filters, k=5)]
    monkeypatch.setattr(dense, "SUBSET_LIMIT", 0)
    via_faiss = [p.chunk.start for p in engine.search("missing children", filters, k=5)]
    assert via_faiss == exact


# --- each retrieval rule of Rules, on and off ------------------------------------------------

RULES = Rules()


@pytest.mark.slow
def test_w_bm25_lets_a_rare_name_find_the_passage_that_holds_it(engine):
    """A name the embedding barely knows is found by its keyword: first with w_bm25, not first
    without; and its score rises by exactly w_bm25 (it is the best keyword match)."""
    loaded = engine.current()
    q = understand("Maltby")
    qvec = engine.embed_query(q.text)
    on = loaded.retriever.search(q, k=6, qvec=qvec)
    off = Retriever(loaded.index, engine.embedder, RULES.without("w_bm25")).search(q, k=6,
                                                                                  qvec=qvec)
    assert "Maltby" in on[0].chunk.text
    assert "Maltby" not in off[0].chunk.text
    assert on[0].score == pytest.approx(W_DENSE * on[0].similarity + RULES.w_bm25, abs=1e-4)
    assert all(p.score == pytest.approx(W_DENSE * p.similarity, abs=1e-4) for p in off)


def _on_and_off(engine, question: str, rule: str, forces=()):
    """The passages for the question with every rule on, and with `rule` switched off."""
    loaded = engine.current()
    q = understand(question)
    qvec = engine.embed_query(q.text)
    off = Retriever(loaded.index, engine.embedder, RULES.without(rule))
    return (loaded.retriever.search(q, k=6, qvec=qvec, forces=forces),
            off.search(q, k=6, qvec=qvec, forces=forces))


@pytest.mark.slow
def test_w_kind_passage_ranks_passages_holding_the_kind_of_answer_asked_for_higher(engine):
    """A how-many question: each passage holding a figure of what it counts (officers) scores
    exactly w_kind_passage more than with the rule off, one holding none the same, and the
    first passage holds one."""
    from qa.ask.counting import counts
    on, off = _on_and_off(engine, "How many officers have been trained?", "w_kind_passage")
    assert counts(on[0].chunk.text, ("offic",))
    before = {(p.doc.doc_id, p.chunk.start): p.score for p in off}
    compared = 0
    for p in on:
        if (p.doc.doc_id, p.chunk.start) in before:
            bonus = RULES.w_kind_passage if counts(p.chunk.text, ("offic",)) else 0.0
            assert p.score - before[p.doc.doc_id, p.chunk.start] == pytest.approx(bonus,
                                                                                  abs=1e-4)
            compared += 1
    assert compared >= 3


@pytest.mark.slow
def test_force_signal_ranks_passages_about_the_named_force_first(engine):
    force = "Warwickshire Police"
    on, off = _on_and_off(engine, "How is Warwickshire getting better at investigating missing "
                                  "person reports?", "force_signal", (force,))
    assert all(p.doc.meta.force == force for p in on)
    assert off[0].doc.meta.force != force  # on meaning and words alone, another force leads
    before = {(p.doc.doc_id, p.chunk.start): p.score for p in off}
    for p in on:  # the same passage, scored exactly force_signal higher
        if (p.doc.doc_id, p.chunk.start) in before:
            assert p.score - before[p.doc.doc_id, p.chunk.start] == pytest.approx(
                RULES.force_signal, abs=1e-4)


@pytest.mark.slow
def test_a_force_filter_holds_when_the_question_names_another_force(engine):
    only = Filters(forces=("Wiltshire Police",))
    a = engine.ask("What neglect training has Staffordshire given its officers?", only)
    assert a.passages and all(p.doc.meta.force == "Wiltshire Police" for p in a.passages)
    assert all(c.doc.meta.force == "Wiltshire Police" for c in a.citations)
    # ...and the answer says the question and the filter disagree, and how to search the other
    assert "You asked about Staffordshire Police" in a.notice
    assert "Clear the filter" in a.notice
    agreeing = engine.ask("What neglect training has Wiltshire given its officers?", only)
    assert "Clear the filter" not in agreeing.notice


def _engine_on(tmp_path, embedder, title: str, sections: list[str]) -> Engine:
    """An engine over one Markdown report of these sections, ingested with the real model."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "report.md").write_text(f"# {title}\n\n" + "\n\n".join(sections),
                                      encoding="utf-8")
    settings = load_settings(environ={}, corpus=corpus, index=tmp_path / "index")
    ingest(settings, embedder=embedder)
    return Engine.open(settings, embedder)


def test_person_pool_finds_the_passage_naming_someone_among_pages_on_the_topic(tmp_path,
                                                                             embedder):
    """"Who leads on public protection?": eighty paragraphs on public protection share more of
    the question's words than the one naming the head of public protection, which no search
    of fifty candidates reaches; the passages naming someone are searched as a pool of their
    own (Rules.person_pool), so it is found and answers."""
    things = ["referrals", "strategy meetings", "case files", "risk assessments", "home visits",
              "custody records", "missing child reports", "investigation plans"]
    areas = ["north", "south", "east", "west", "central", "city", "rural", "coastal", "urban",
             "county"]
    topic = [f"## Public protection in the {a} area: {t}\n\nIn the {a} area, public "
             f"protection teams lead on {t}, and public protection officers reviewed them on time."
             for a in areas for t in things]
    lead = ("## Leadership\n\nWe spoke to the head of public protection, Detective Chief "
            "Superintendent Priya Shah.")
    engine = _engine_on(tmp_path, embedder, "Cumbria Constabulary inspection", topic + [lead])
    question = "Who leads on public protection in Cumbria?"
    # (w_telling, reading the force's 300 sentences closest to the question for a name, finds
    # it too: switched off with the pool, neither finds it)
    off = engine.with_rules(Rules().without("person_pool").without("w_telling"))
    assert not any("Priya Shah" in p.chunk.text for p in off.search(question))
    assert "Priya Shah" not in off.ask(question).text
    assert any("Priya Shah" in p.chunk.text for p in engine.search(question))
    assert "Priya Shah" in engine.ask(question).text


def test_a_question_naming_an_office_searches_the_passages_giving_it(tmp_path, embedder):
    """"Who is the PCC for Cumbria?": eighty paragraphs name officers at work on the
    commissioner's plan, and the one line giving the office ("the Police and Crime Commissioner
    for Cumbria, Ruth Kaur") names her in no way the person pool reads as a name. The passages
    giving the office asked for are the pool (Rules.named_office), so it is found and
    answers; without, an officer's name answers."""
    ranks = ["Sergeant", "Inspector", "Chief Inspector", "Superintendent"]
    people = ["Amir Khan", "Jo Bell", "Sam Reid", "Lee Park", "Ann Cole", "Tom Hart",
              "Kim Lowe", "Raj Patel", "Eve Moss", "Dan Shaw"]
    work = [f"## The crime plan: {r} {n}\n\n{r} {n} said the crime commissioner's plan for "
            f"the police had been discussed at the board." for r in ranks for n in people]
    office = ("## Accountability\n\nWe will report progress to the Police and Crime "
              "Commissioner for Cumbria, Ruth Kaur.")
    engine = _engine_on(tmp_path, embedder, "Cumbria Constabulary inspection", work + [office])
    question = "Who is the PCC for Cumbria?"
    off = engine.with_rules(Rules().without("named_office"), engine.decline_model)
    assert "Ruth Kaur" not in off.ask(question).text
    assert any("Ruth Kaur" in p.chunk.text for p in engine.search(question))
    a = engine.ask(question)
    assert not a.refused and "Ruth Kaur" in a.text


def test_a_sentence_giving_the_date_asked_for_lifts_its_paragraph_about_other_things(
        tmp_path, embedder):
    """"When was Cumbria inspected?": the report says so in one line of a paragraph of
    findings about other things, so the paragraph as a whole is far from the question, and
    the report's paragraphs about what the inspection examined, with dates of other things
    ("by March 2022"), fill the first passages. The few sentences closest to the question that
    give a date are read (Rules.w_telling), so the findings are found and their line answers."""
    things = ["referrals", "strategy meetings", "case files", "risk assessments", "home visits",
              "custody records", "missing child reports", "investigation plans"]
    body = [f"## The {a} area: {t}\n\nDuring the inspection we examined how the force handled "
            f"{t} in the {a} area. The force had recorded {10 + n} {t} by March 2022."
            for n, (a, t) in enumerate((a, t) for a in ("north", "south", "east", "west")
                                       for t in things)]
    findings = ("## Our findings\n\nWe spoke to sergeants, health partners and senior leaders. "
                "Some risks to children had been assessed as too low. The force accepts that its "
                "performance framework needs to improve. Schools described the force as a "
                "reliable partner. We carried out this inspection in October 2023. We found "
                "little evidence that specialist officers considered the wider risks to other "
                "children in the household. Supervisors did not always review strategy "
                "discussions. The force accepts that its training programme needs to improve. "
                "Demand for its public protection teams has risen. Officers in the control room "
                "were committed and caring. Health visitors told us that relationships had "
                "improved.")
    engine = _engine_on(tmp_path, embedder, "Cumbria Constabulary child protection inspection",
                        [findings] + body)
    question = "When was Cumbria inspected?"
    off = engine.with_rules(Rules().without("w_telling"))
    assert not any("October 2023" in p.chunk.text for p in off.search(question)[:3])
    assert "October 2023" not in off.ask(question).text
    assert any("October 2023" in p.chunk.text for p in engine.search(question)[:3])
    assert engine.ask(question).text.startswith("We carried out this inspection in October 2023")


def test_a_search_runs_faiss_on_one_thread_and_gives_the_count_back(engine, monkeypatch):
    """A question's search runs faiss on one thread (one query gains nothing from more, and
    waking the others costs time); the thread's count is given back after it, so an index
    built later in the same thread (an ingest) uses every core."""
    import faiss
    before = faiss.omp_get_max_threads()
    during = []
    index = engine.current().index.faiss_index
    search = index.search
    monkeypatch.setattr(index, "search", lambda *a, **kw: (
        during.append(faiss.omp_get_max_threads()), search(*a, **kw))[1])
    engine.ask("What did Wiltshire change on domestic abuse training?")
    assert during and set(during) == {1}
    assert faiss.omp_get_max_threads() == before


def test_a_filter_on_a_field_some_documents_lack_says_how_many_it_left_out(tmp_path, embedder):
    """A document with no type or date is left out by a type or date filter whatever it
    holds: the answer says how many were, so the reader knows where else to look."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Kent Police inspection.\nKent Police trained 400 officers "
                                  "in child protection in 2023.\n")
    (corpus / "b.txt").write_text("Kent commissioner statement.\nThe commissioner said Kent "
                                  "Police had trained 400 officers in child protection.\n")
    (corpus / "catalog.csv").write_text("file,doc_type,published\na.txt,inspection report,"
                                        "2023-05-01\nb.txt,,\n")
    settings = load_settings(environ={}, corpus=corpus, index=tmp_path / "index")
    ingest(settings, embedder=embedder)
    engine = Engine.open(settings, embedder)
    question = "How many Kent officers were trained in child protection?"
    typed = engine.ask(question, Filters(doc_types=("inspection report",)))
    assert all(p.doc.file == "a.txt" for p in typed.passages)
    assert "lacking what they select on: 1 document with no document type" in typed.notice
    dated = engine.ask(question, Filters(doc_types=("inspection report",), since="2023"))
    assert "1 document with no document type; 1 document with no date" in dated.notice
    assert "Left out" not in engine.ask(question).notice  # no filter, nothing left out
    # a filter matching nothing is declined, and the refusal says what it left out
    none = engine.ask(question, Filters(doc_types=("PCC statement",)))
    assert none.refused and "1 document with no document type" in none.text
    # counted among the documents the other filters keep: none about Essex lacks a type
    essex = engine.ask(question, Filters(forces=("Essex Police",),
                                         doc_types=("inspection report",)))
    assert "Left out" not in essex.notice + essex.text
