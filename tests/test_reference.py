"""A source's reference: the same words in the terminal, batch files, exports and web pages,
with the printed page label and section path when a record carries them."""
from dataclasses import dataclass

from qa.outputs.batch import run_batch
from qa.outputs.export import Excerpt, to_csv, to_markdown
from qa.outputs.reference import human_date, reference_of
from qa.outputs.render import answer_text
from qa.types import Answer, Chunk, Citation, Document, Metadata, Page, Passage
from qa.web.html import SourceFiles, esc, render_answer, render_excerpt

TEXT = "Front matter.\n\nThe force trained 400 officers on coercive control in 2023."
QUOTE = "The force trained 400 officers on coercive control in 2023."
START = TEXT.index(QUOTE)


@dataclass(frozen=True)
class LabelledCitation(Citation):
    """A citation as DESIGN.md's answer record has it: with the printed page and section."""

    page_label: str = ""
    section: str = ""


@dataclass(frozen=True)
class LabelledChunk(Chunk):
    page_label: str = ""
    section: str = ""


def document(file="r.pdf", **meta) -> Document:
    fields = dict(title="Domestic abuse re-inspection", organisation="HMICFRS",
                  force="Wiltshire Police", doc_type="inspection report", published="2023-08-04",
                  source="https://example.org/r")
    fields.update(meta)
    return Document("d1", file, TEXT, (Page(1, 0, 14), Page(6, 14, len(TEXT))),
                    Metadata(**fields))


def answer_citing(citation: Citation) -> Answer:
    chunk = Chunk("d1", citation.page, START, len(TEXT), QUOTE)
    return Answer("What training?", "They trained 400 officers [1].", False, (citation,),
                  (Passage(1, 1.0, chunk, citation.doc),), id="q1")


class OneAnswer:
    def __init__(self, answer: Answer):
        self.answer = answer

    def ask(self, question, filters=None, qid=""):
        return Answer(question, self.answer.text, False, self.answer.citations, (), id=qid)


def test_dates_for_people():
    assert human_date("2023-08-04") == "4 Aug 2023"
    assert human_date("2023-09") == "Sep 2023" and human_date("2023") == "2023"
    assert human_date("") == "" and human_date("soon") == "soon"


def test_reference_has_everything_needed_to_find_it_again():
    ref = reference_of(Citation(1, document(), 6, QUOTE, START, len(TEXT)))
    assert ref.full() == ("Domestic abuse re-inspection. HMICFRS, Wiltshire Police, inspection "
                          "report, 4 Aug 2023, p. 6. https://example.org/r")
    assert ref.details() == ("HMICFRS · Wiltshire Police · inspection report · 4 Aug 2023 · "
                             "p. 6")
    bare = reference_of(Citation(1, document(title="", organisation="", published="", source=""),
                                 6, QUOTE, START, len(TEXT)))
    assert bare.full() == "r.pdf. Wiltshire Police, inspection report, p. 6. corpus file r.pdf"
    assert reference_of(document()).page_text == ""  # a whole document has no page


def test_printed_page_label_and_section_are_shown_when_known():
    doc = document()
    cite = LabelledCitation(1, doc, 6, QUOTE, START, len(TEXT), page_label="iv",
                            section="Findings > Training")
    ref = reference_of(cite)
    assert ref.page == 6 and ref.page_text == "p. iv"
    assert ref.full().endswith("4 Aug 2023, p. iv, Findings > Training. https://example.org/r")
    same = LabelledCitation(1, doc, 6, QUOTE, START, len(TEXT), page_label="6")
    assert reference_of(same).page_text == "p. 6"
    chunk = LabelledChunk("d1", 6, START, len(TEXT), QUOTE, page_label="iv", section="Findings")
    passage = Passage(1, 1.0, chunk, doc)
    assert reference_of(passage).details().endswith("p. iv · Findings")
    excerpt = Excerpt.from_passage(passage)
    assert (excerpt.page, excerpt.page_label, excerpt.section) == (6, "iv", "Findings")
    assert reference_of(excerpt) == reference_of(passage)


def test_every_output_gives_the_same_reference(tmp_path):
    cite = LabelledCitation(1, document(source=""), 6, QUOTE, START, len(TEXT),
                            page_label="iv", section="Findings")
    ref = reference_of(cite)
    answer = answer_citing(cite)
    assert ref.title in answer_text(answer) and ref.details() in answer_text(answer)
    questions = tmp_path / "q.txt"
    questions.write_text("What training?\n")
    for suffix in (".csv", ".md"):
        run_batch(OneAnswer(answer), questions, tmp_path / f"a{suffix}")
        assert ref.full() in (tmp_path / f"a{suffix}").read_text(encoding="utf-8")
    excerpt = Excerpt.from_passage(Passage(1, 1.0, LabelledChunk(
        "d1", 6, START, len(TEXT), QUOTE, page_label="iv", section="Findings"), cite.doc))
    assert ref.full() in to_csv([excerpt])
    assert "Reference: Domestic abuse re-inspection. HMICFRS" in to_markdown([excerpt])
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    files = SourceFiles([tmp_path], register=lambda paths: None)
    for page in (render_answer(answer, files), render_excerpt(excerpt, cite.doc, files)):
        assert esc(ref.details()) in page
        assert "#page=6" in page  # the PDF opens at the physical page, not the printed label

