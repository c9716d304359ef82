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


_LINES = st.sampled_from([
    "2. Initial contact", "2.1 Call handling", "Areas For Improvement", "Contents",
    "Introduction ........ 3", "Findings ........ 12", "Case | Cases | Grade", "Neglect | 10 | Good",
    "2.14 Inspectors found that call handlers did not always identify vulnerability.",
    "Recommendation 4: Within three months, the force should train every call handler.",
    "Cause of concern", "Recommendations", "To address this, the force should:",
    "- review its policy;", "1. Review the policy", "© HMICFRS 2023", "About us",
    "The force had improved. Supervisors now check every case. It was 2023.", "",
    "Kent Police and Essex Police share a unit.", "x" * 700])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_LINES, max_size=12), min_size=1, max_size=4),
       st.integers(min_value=40, max_value=800))
def test_structured_chunks_property(pages_lines, target):
    """On any mix of report lines, page by page: chunks are exact, trimmed, in order, never
    overlap, stay off contents, covers and boilerplate, and know their page and section."""
    from qa.ingest.structure import find_blocks
    texts = ["\n".join(lines) for lines in pages_lines]
    text, pages, at = "", [], 0
    for n, page_text in enumerate(texts, start=1):
        if n > 1:
            text += "\n\n"
        start = len(text)
        text += page_text
        pages.append(Page(n, start, len(text), str(n + 10)))
    pages = tuple(pages)
    blocks = find_blocks(text, pages)
    doc = Document("d1", "d.pdf", text, pages, Metadata(force="Kent Police"), "", blocks)
    chunks = chunk_document(doc, target=target)
    skipped = [b for b in blocks if b.kind in ("contents", "cover", "boilerplate")]
    prev_end = -1
    for ch in chunks:
        assert doc.text[ch.start:ch.end] == ch.text and ch.text.strip() == ch.text and ch.text
        assert ch.start >= prev_end
        prev_end = ch.end
        assert ch.page_label == str(ch.page + 10) and ch.page == doc.page_at(ch.start)
        assert "Kent Police" in ch.forces
        assert all(b.end <= ch.start or b.start >= ch.end for b in skipped) or not blocks


def test_the_cheap_force_check_never_misses_a_force():
    """may_name_a_force only skips texts in which find_forces would find nothing."""
    from qa.forces import FORCES, find_forces
    from qa.ingest.chunking import may_name_a_force
    for force in FORCES:
        for alias in (force.name, *force.aliases):
            for text in (alias, f"Officers from {alias}'s unit met.", alias.upper(),
                         f"The {alias.replace(' ', '-')} team"):
                if find_forces(text):
                    assert may_name_a_force(text), text
    assert not may_name_a_force("Inspectors found that supervisors reviewed every case.")
