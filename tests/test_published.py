"""When a report was published, as its own cover says: a cover is never chunked, yet "when was
it published?" is answered from the cover's date line, cited on page 1 with its printed label;
other date questions are answered from the text as before."""
from dataclasses import replace

import pytest
from report_files import report_pdf

from qa.ask.engine import Engine
from qa.config import load_settings
from qa.evaluate import citation_support
from qa.ingest.build import ingest


@pytest.fixture(scope="module")
def engine(tmp_path_factory, embedder):
    base = tmp_path_factory.mktemp("published")
    corpus = base / "corpus"
    corpus.mkdir()
    report_pdf(corpus / "wiltshire.pdf", page_labels=True, cover_date="Published 14 December 2023")
    (corpus / "news.md").write_text(
        "# Wiltshire Police told to improve child protection\n\n"
        "Inspectors said Wiltshire Police must improve how call handlers identify children at "
        "risk. The force said it had already retrained its call handlers in November 2023.\n",
        encoding="utf-8")
    settings = load_settings(environ={}, corpus=corpus, index=base / "index")
    report = ingest(settings, embedder=embedder)
    assert not report.skipped, report.summary()
    return Engine.open(settings, embedder)


@pytest.mark.parametrize("question", [
    "When was the Wiltshire child protection inspection report published?",
    "wiltshire inspection publication date?",
])
def test_when_a_report_was_published_is_answered_from_its_cover(engine, question):
    answer = engine.ask(question)
    assert not answer.refused, answer.text
    first = answer.citations[0]
    assert (first.quote, first.page, first.page_label) == ("Published 14 December 2023", 1, "i")
    assert first.doc.text[first.start:first.end] == first.quote
    assert "“Published 14 December 2023” [1]" in answer.text
    assert citation_support(answer) == (len(answer.citations), len(answer.citations))


def test_without_the_rule_the_cover_is_not_found(engine):
    plain = engine.with_rules(replace(engine.rules, published_date=False), engine.decline_model)
    answer = plain.ask("When was the Wiltshire child protection inspection report published?")
    assert not any(c.doc.file == "wiltshire.pdf" and c.page == 1 for c in answer.citations)


def test_other_date_questions_are_answered_from_the_text(engine):
    answer = engine.ask("When did inspectors carry out the Wiltshire inspection?")
    assert not answer.refused, answer.text
    assert "June 2023" in answer.text
    assert not any(c.doc.file == "wiltshire.pdf" and c.page == 1 for c in answer.citations)


@pytest.mark.parametrize("question, asks", [
    ("When was the Kent inspection report published?", True),
    ("what date did the custody thematic come out?", True),
    ("When was it published?", True),
    ("When was the child released from police custody?", False),  # no document
    ("When were suspects released under investigation in Kent?", False),
    ("When did Kent Police publish its missing persons policy?", False),
    ("When did inspectors visit Kent?", False),  # no publishing
])
def test_a_question_asks_when_a_document_was_published(question, asks):
    from qa.ask.published import asks_published
    from qa.ask.understand import understand
    assert asks_published(understand(question)) == asks


def test_a_follow_up_asks_when_the_document_talked_about_was_published(engine):
    first = "What was recommendation 4 of the Wiltshire inspection report?"
    answer = engine.ask("When was it published?", history=(first,))
    assert answer.citations and answer.citations[0].quote == "Published 14 December 2023"


def test_a_document_that_dates_itself_nowhere_lends_no_other_documents_date(engine):
    answer = engine.ask("When was the news article about Wiltshire call handlers published?")
    lead = [c for c in answer.citations if c.quote == "Published 14 December 2023"]
    assert not lead or lead[0].doc.file == answer.citations[0].doc.file == "wiltshire.pdf"
