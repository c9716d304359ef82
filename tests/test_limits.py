"""Issue 15: a question over QA_MAX_QUESTION_CHARS is cut, with a notice, wherever it enters
(the chat and HTTP API are tested on a real server in test_guard.py, `qa ask` in
test_cli_input.py; here the excerpt search and batch files, answered by the real engine)."""
import json

import pytest

from qa.outputs.limits import cut_question

QUESTION = "What did Wiltshire change on domestic abuse training?"
LONG = QUESTION + " Please be thorough." * 5_000 + " TAIL-OF-THE-QUESTION"


def test_a_question_is_cut_at_a_word_with_a_notice_and_a_short_one_is_left_alone():
    assert cut_question(QUESTION, 1000) == (QUESTION, "")
    cut, notice = cut_question(LONG, 1000)
    assert LONG.startswith(cut) and 950 < len(cut) <= 1000 and LONG[len(cut)] == " "
    mid_word = cut_question("abcdefghi " * 200, 1005)[0]  # the limit falls inside a word
    assert mid_word == ("abcdefghi " * 100).strip()
    assert notice == (f"Only the first 1,000 characters of this {len(LONG):,}-character "
                      "question were used: questions are limited to 1,000 characters.")
    assert cut_question("x" * 1500, 1000)[0] == "x" * 1000  # no word to end at: cut anyway


@pytest.mark.slow
def test_an_overlong_excerpt_search_is_cut_and_says_so(engine):
    from qa.types import Filters
    from qa.web.excerpts import search
    items, message = search(engine, LONG, Filters())
    assert items and message.startswith("Only the first 1,000 characters")
    assert any("Domestic Abuse Matters" in ex.text for ex in items)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "md", "csv"])
def test_overlong_batch_questions_are_cut_and_each_answer_says_so(engine, tmp_path, fmt):
    from qa.web.batch import run_upload
    questions = tmp_path / "questions.jsonl"
    questions.write_text(json.dumps({"id": "long", "question": LONG}) + "\n"
                         + json.dumps({"id": "short", "question": QUESTION}) + "\n")
    out, note = run_upload(engine, str(questions), fmt, 10**7)
    assert note == ("2 questions: 2 answered, 0 declined. 1 question was cut to the first "
                    "1,000 characters (id long); each answer's notice says so.")
    written = out.read_text(encoding="utf-8")
    assert "TAIL-OF-THE-QUESTION" not in written and written.count("Please be thorough") < 60
    if fmt == "jsonl":
        long, short = (json.loads(line) for line in written.splitlines())
        assert long["notice"].startswith("Only the first 1,000 characters")
        assert long["citations"] and not short["notice"]
    if fmt == "md":
        assert written.count("*Note: Only the first 1,000 characters") == 1
