from conftest import make_pdf
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.ingest.chunking import chunk_document, sentence_spans
from qa.ingest.files import load_document
from qa.ingest.metadata import Catalog
from qa.types import Document, Metadata, Page


def _doc(text: str) -> Document:
    return Document("d1", "d.txt", text, (Page(1, 0, len(text)),), Metadata())


def test_sentences_respect_abbreviations_and_quotes():
    text = 'Mr. Smith said: "We met the Supt. on Monday." Then it ended! Was it 2023? Yes.'
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ['Mr. Smith said: "We met the Supt. on Monday."', "Then it ended!",
                     "Was it 2023?", "Yes."]


def test_chunk_offsets_round_trip_and_never_cut_a_sentence():
    sentences = [f"Sentence number {i} talks about child protection work in detail." for i in
                 range(60)]
    text = " ".join(sentences[:30]) + "\n" + " ".join(sentences[30:])
    doc = _doc(text)
    chunks = chunk_document(doc, target=300)
    assert len(chunks) > 5
    ends = {e for _s, e in sentence_spans(text)}
    for ch in chunks:
        assert doc.text[ch.start:ch.end] == ch.text
        assert ch.end in ends  # every chunk ends where a sentence ends
        assert len(ch.text) <= 300 or ch.text.count(".") == 1
    covered = "".join(c.text for c in chunks).replace(" ", "").replace("\n", "")
    assert covered == text.replace(" ", "").replace("\n", "")


def test_pdf_pages_and_offsets_round_trip(tmp_path):
    pages = [f"Page {n} of the inspection. Inspectors found issue number {n} with missing "
             f"children. The force accepted recommendation {n}." for n in range(1, 5)]
    path = make_pdf(tmp_path / "report.pdf", pages)
    doc = load_document(path, "report.pdf", Catalog(), 10**8)
    assert [p.number for p in doc.pages] == [1, 2, 3, 4]
    chunks = chunk_document(doc, target=120)
    for ch in chunks:
        assert doc.text[ch.start:ch.end] == ch.text
        page = ch.page
        assert f"Page {page} of" in doc.text[doc.pages[page - 1].start:doc.pages[page - 1].end]
        assert f"number {page}" in ch.text or f"recommendation {page}" in ch.text \
            or f"Page {page}" in ch.text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=2000),
       st.integers(min_value=20, max_value=1000))
def test_chunker_offsets_property(text, target):
    doc = _doc(text)
    for ch in chunk_document(doc, target=target):
        assert doc.text[ch.start:ch.end] == ch.text
        assert ch.text.strip() == ch.text and ch.text
