"""Hostile and odd questions get a clear response, never a crash: a QuestionError for blank
input, otherwise an Answer (or passages) whose every quote is its document's text at
[start:end). Runs the real engine on the sample index; examples are few (about 30 ms each)."""
from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.errors import QuestionError

pytestmark = pytest.mark.slow

_C0 = {chr(i) for i in range(32)} | {"\x7f"}


def blank(question: str) -> bool:
    """Nothing but spaces and control characters: there is no question to answer."""
    return all(ch.isspace() or ch in _C0 for ch in question)


def check(engine, question: str) -> None:
    """Ask and search; blank input is refused with a message, anything else answered exactly."""
    try:
        answer = engine.ask(question)
    except QuestionError as exc:
        assert all(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")
                   for ch in question), (question, exc)
        assert "question" in str(exc)  # the message says what was wrong
        return
    assert not blank(question), "blank input must be refused, not answered"
    assert isinstance(answer.refused, bool) and answer.text.strip()
    assert bool(answer.citations) != answer.refused
    for c in answer.citations:
        assert c.doc.text[c.start:c.end] == c.quote and c.quote.strip()
        assert f"[{c.n}]" in answer.text
    for p in answer.passages:
        assert p.doc.text[p.chunk.start:p.chunk.end] == p.chunk.text
    json.dumps(answer.to_dict(), ensure_ascii=False).encode("utf-8")  # storable as UTF-8
    for p in engine.search(question):
        assert p.doc.text[p.chunk.start:p.chunk.end] == p.chunk.text


QUESTION = "How has Wiltshire trained staff to spot neglect?"
EXAMPLES = [
    "", " ", "\t\n\r \x0b\x0c", "\x00\x01\x02\x1b\x7f", "\u3000\u2003\u00a0\u2028",
    "a" * 10_000,
    ((QUESTION + " ") * 300)[:10_000],
    "How has Wiltshire\x00 trained staff\x1b[31m to spot\x07 neglect?\r\n",
    "Sut mae Heddlu Wiltshire wedi hyfforddi staff i sylwi ar esgeulustod?",
    "Comment la police du Wiltshire a-t-elle formé son personnel à repérer la négligence ?",
    "Jak policja w Wiltshire szkoliła personel w rozpoznawaniu zaniedbań?",
    "威尔特郡警方如何培训员工识别疏忽？",
    "كيف دربت شرطة ويلتشير موظفيها على اكتشاف الإهمال؟",
    "Как полиция Уилтшира обучала сотрудников распознавать пренебрежение?",
    "\u202eWiltshire neglect\u202c", "\u200b\u200b\u200b", "🚓" * 40 + " Wiltshire?",
    "<script>alert('x')</script> How has Wiltshire trained staff?",
    "'; DROP TABLE documents; -- {{7*7}} ${jndi:ldap://x} %s%n",
    "?", "Dyfed-Powys", "the of and",
    "Kent Met GMP Wilts Staffs Glos Cumbria Durham Dyfed-Powys " * 20,
    "How many referrals did Staffordshire audit in 2020 and in 2024?",
    "How has Wiltshire \ud800 trained staff?",  # a lone surrogate, as JSON can carry
]


@pytest.mark.parametrize("question", EXAMPLES, ids=range(len(EXAMPLES)))
def test_odd_questions_get_a_clear_response(engine, question):
    check(engine, question)


WORDS = ["Wiltshire", "Staffordshire", "Gloucestershire", "Kent", "Wilts", "the Met",
         "domestic", "abuse", "training", "children", "missing", "inspection",
         "recommendations", "what", "how", "many", "did", "change", "when", "2023", "?", ".",
         "\x00", "\u200b", "\udc80", "é", "警察", "🚓", "\n", "  ", "-", "'", '"', "[1]"]
QUESTIONS = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=15).map("".join))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(QUESTIONS)
def test_any_text_is_refused_as_blank_or_answered_with_exact_quotes(engine, question):
    check(engine, question)
