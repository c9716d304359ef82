"""Issue #15, point 2: no cleaning rule does more than a bounded amount of work per character.

A rule that scans ahead (`.*`, `[^x]+`) may backtrack over what it scanned from every place it
starts, so it costs the square of what it is given: a line of 160 KB took minutes. Each rule
must either be given at most RULE_WINDOW characters at a time (its work per line is then
bounded), or be one that provably does a fixed amount of work per character: of bounded width,
or a bounded part followed by one final repeat of a single character (which never fails once
it starts, so never backtracks). Nothing is timed: the test records what every rule is given.
"""
from __future__ import annotations

import re
from re import _constants, _parser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.ingest import cleaning, files, markup
from qa.ingest.cleaning import RULE_WINDOW, clean_text
from qa.ingest.markup import markdown_to_text

_BOUNDED = 64  # a rule at most this wide does at most this much work where it starts
_METHODS = {"search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split"}
# Pieces of the hostile lines the issue found (and their relatives), for every rule's syntax.
TOKENS = ["cookie-", "cookies ", "[", "]", "(", ")", "![", "](", "<", ">", "*", "**", "_", "__",
          "`", "#", "> ", "|", "-", "---", " ", "a", "word ", "beta ", "1/2/2024 10:00 ", ". ",
          "…", "2.14 ", "home > ", "sorry, there was ", "\u00ad", "ﬁ", "\t", ":", "•"]


def _width_bounded(tree) -> bool:
    lo, hi = tree.getwidth()
    return hi <= _BOUNDED and all(_width_bounded(_parser.SubPattern(tree.state, sub))
                                  for op, av in tree.data if op in (_constants.ASSERT,
                                                                    _constants.ASSERT_NOT)
                                  for sub in [av[1]])


def single_pass(pattern: re.Pattern) -> bool:
    """True when the pattern's work where it starts is bounded whatever follows: its width is
    bounded, or it is a bounded part and then one repeat of a single character, last."""
    tree = _parser.parse(pattern.pattern, pattern.flags)
    if _width_bounded(tree):
        return True
    *head, (op, av) = tree.data
    if op not in (_constants.MAX_REPEAT, _constants.MIN_REPEAT):
        return False
    item = av[2]
    return item.getwidth() == (1, 1) and _width_bounded(_parser.SubPattern(tree.state, head))


class Recording:
    """A compiled rule that notes the length of every text it is given, then runs; one that
    scans ahead and is given more than RULE_WINDOW fails the test there (before it runs)."""

    def __init__(self, pattern: re.Pattern, given: list):
        self._pattern, self._given = pattern, given

    def __getattr__(self, name):
        attr = getattr(self._pattern, name)
        if name not in _METHODS:
            return attr

        def run(*args, **kwargs):
            text = args[1] if name in ("sub", "subn") else args[0]
            self._given.append((self._pattern, len(text)))
            assert_bounded([(self._pattern, len(text))])
            return attr(*args, **kwargs)
        return run


def _wrap(value, given):
    if isinstance(value, re.Pattern):
        return Recording(value, given)
    if isinstance(value, tuple):
        return tuple(_wrap(v, given) for v in value)
    if isinstance(value, list) and any(isinstance(v, (re.Pattern, tuple)) for v in value):
        return [_wrap(v, given) for v in value]
    return value


@pytest.fixture
def given_to_rules(monkeypatch) -> list:
    """(rule, characters given) for every call of every rule of cleaning and the loaders'
    markup rules while the test runs."""
    calls: list = []
    for module in (cleaning, files, markup):
        for name, value in list(vars(module).items()):
            wrapped = _wrap(value, calls)
            if wrapped is not value:
                monkeypatch.setattr(module, name, wrapped)
    return calls


def assert_bounded(calls: list) -> None:
    over = {p.pattern for p, n in calls if n > RULE_WINDOW and not single_pass(p)}
    assert not over, f"rules that scan ahead were given more than {RULE_WINDOW} characters: " \
                     f"{sorted(over)}"


HOSTILE = ["cookie-" * 23_000, "[" * 40_000, "<" * 40_000, "*a " * 15_000, "[x](" * 12_000,
           "![" * 20_000, "|" + "-" * 30_000 + "x|", "**a" * 15_000, "`" + "a" * 40_000,
           "cookies " + "a" * 40_000, "sorry, there was " + "x " * 20_000]


@pytest.mark.parametrize("line", HOSTILE, ids=lambda s: f"{s[:6]!r}x{len(s)}")
def test_the_hostile_lines_of_the_issue_reach_no_rule_whole(given_to_rules, line):
    clean_text(line)
    clean_text(line, wrapped=True)
    markdown_to_text(line)
    assert given_to_rules, "the rules were not recorded"
    assert_bounded(given_to_rules)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12),
       st.integers(min_value=RULE_WINDOW // 4, max_value=4 * RULE_WINDOW),
       st.sampled_from(["\n", " ", ""]))
def test_no_rule_scans_more_than_a_window_of_any_text(given_to_rules, pieces, repeat, glue):
    unit = "".join(pieces)
    text = glue.join([unit] * (repeat // max(len(unit), 1) + 2))
    given_to_rules.clear()
    clean_text(text)
    clean_text(text, wrapped=True)
    markdown_to_text(text)
    assert_bounded(given_to_rules)


def test_the_checker_knows_a_rule_that_scans_ahead():
    """The structural check itself: what scans ahead is caught, what does not is let through."""
    assert not single_pass(re.compile(r"\[([^\]]+)\]\("))
    assert not single_pass(re.compile(r"\bcookies?\b.*\b(use|set)\b"))
    assert not single_pass(re.compile(r"a+b"))
    assert not single_pass(re.compile(r"x(?=.*y)"))
    assert single_pass(re.compile(r"[ \t]+"))
    assert single_pass(re.compile(r"(?<=[A-Za-z])-\n(?=[a-z])"))


def test_markup_still_goes_and_the_words_stay():
    """The linear rules do what the old ones did on ordinary Markdown."""
    md = ("# Findings\n> A quote with a [link](https://example.org/a) and ![alt](i.png)\n"
          "Some **bold** and *italic* and __under__ and `code` and <span>tags</span>.\n"
          "***\n| a | b |\n|---|---|\n| 1 | 2 |")
    text, hints = markdown_to_text(md)
    assert text.split("\n") == ["Findings", "A quote with a link and alt",
                                "Some bold and italic and under and code and tags.", "",
                                "| a | b |", "| 1 | 2 |"]
    assert hints["Findings"] == ("heading", 1) and hints["| a | b |"] == ("table", 0)


def test_a_long_line_keeps_every_character_and_its_links_come_out():
    words = " ".join(f"see [report {i}](https://example.org/{i}) now" for i in range(600))
    text, _ = markdown_to_text(words)
    assert "[" not in text and "](" not in text
    assert text == " ".join(f"see report {i} now" for i in range(600)) or \
        text.count("report") == 600
