"""A document named by its title ranks its chunks: the distinctive words of a thematic's title
in a question name it; words every title shares, and a force's names, name nothing."""
from qa.ask.titles import Titles
from qa.types import Document, Metadata


def doc(title: str) -> Document:
    return Document(title, f"{title}.pdf", "text", (), Metadata(title=title))


LIBRARY = [doc(f"{force}: National child protection inspection")
           for force in ("Kent Police", "Essex Police", "Dorset Police", "Surrey Police",
                         "Sussex Police", "Gwent Police", "Durham Constabulary")] + [
    doc("Missing children: a joint thematic inspection"),
    doc("Online child sexual abuse: an inspection of the police response"),
    doc("Children in police custody: a thematic review")]


def titled(question: str) -> list[str]:
    return [LIBRARY[d].meta.title for d in Titles(LIBRARY).named(question)]


def test_a_question_naming_a_thematic_by_its_title_names_it():
    assert titled("publication date of the missing children joint thematic?") == \
        ["Missing children: a joint thematic inspection"]
    assert titled("online sexual abuse inspection: what was recommendation 1?") == \
        ["Online child sexual abuse: an inspection of the police response"]
    assert titled("when did the children in custody thematic come out") == \
        ["Children in police custody: a thematic review"]


def test_words_every_title_shares_and_force_names_name_no_document():
    assert titled("Kent Police national child protection inspection findings") == []
    assert titled("What did Essex say about missing children?") == []  # one word of three


def test_a_headline_names_no_document_by_its_grade_site_or_another_force():
    library = LIBRARY + [
        Document("n1", "n1.html", "text", (), Metadata(
            title="Child protection: Lancashire Constabulary rated adequate on investigation "
                  "| Lancashire Courier", force="Lancashire Constabulary")),
        Document("n2", "n2.html", "text", (), Metadata(
            title="Child protection: Kent Police rated good on decision-making | Kent Echo",
            force="Kent Police"))]
    titles = Titles(library)
    assert titles.named("Was Kent's investigation rated adequate?", ("Kent Police",)) == []
    assert titles.named("Kent Echo story on decision making", ("Kent Police",)) == [len(library) - 1]
    assert titles.named("the decision-making headline about Essex", ("Essex Police",)) == []
