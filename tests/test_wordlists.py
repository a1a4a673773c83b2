"""Word lists: every entry of the data tables has an example from a real article, and it works."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core.models import Item, Label, Sentence
from briefing.core.wordlists import any_found, is_page_junk, read_table, screens, unclear_opening
from briefing.summarise.merge import is_briefing_material, reads_alone
from briefing.summarise.people import (
    TITLE_WORDS,
    build_parties,
    load_party_table,
    speaker_party,
    strip_titles,
)
from briefing.summarise.sections import FUTURE, SCHEDULED, Ledes, classify
from briefing.summarise.speakers import find_speakers

OPENINGS = read_table("unclear_openings")


@pytest.fixture(scope="module")
def parties():  # type: ignore[no-untyped-def]
    return build_parties(load_party_table(), {})

JUNK = read_table("junk")
BACK = read_table("back_references")


def test_wordlists_every_entry_has_a_reason_and_an_example() -> None:
    for row in (*OPENINGS, *JUNK):
        assert len(row) == 3, row
        assert all(field.strip() for field in row), row


@pytest.mark.parametrize(("opening", "reason", "example"), OPENINGS, ids=[r[0] for r in OPENINGS])
def test_wordlists_unclear_opening_rejects_its_example(opening: str, reason: str, example: str) -> None:
    assert example.lower().startswith(opening)
    assert unclear_opening().match(example)
    assert not reads_alone(example)
    assert not is_briefing_material(example, 6, 70)


@pytest.mark.parametrize(("pattern", "reason", "example"), BACK, ids=[r[1] for r in BACK])
def test_wordlists_a_phrase_pointing_back_rejects_its_example(pattern: str, reason: str,
                                                              example: str) -> None:
    assert re.search(pattern, example, re.IGNORECASE)
    assert not reads_alone(example)
    assert not is_briefing_material(example, 6, 70)


@pytest.mark.parametrize("text", [
    "The company said it would do so by March if regulators allowed it to.",  # 'do so' with its action
    "The report further increased pressure on the board to resign.",  # 'further' is no reporting
    "Prices in the two cities rose by the same amount last year, the statistics office said.",
])
def test_wordlists_a_sentence_that_only_looks_back_reads_alone(text: str) -> None:
    assert reads_alone(text)


@pytest.mark.parametrize(("pattern", "reason", "example"), JUNK, ids=[r[1] for r in JUNK])
def test_wordlists_junk_pattern_rejects_its_example(pattern: str, reason: str, example: str) -> None:
    assert re.search(pattern, example, re.IGNORECASE)
    assert is_page_junk(example)
    assert not is_briefing_material(example, 6, 70)


@pytest.mark.parametrize(("pattern", "reason", "example"), JUNK, ids=[r[1] for r in JUNK])
def test_wordlists_junk_entries_are_lower_case_so_any_case_is_found(pattern: str, reason: str,
                                                                    example: str) -> None:
    """Junk is first screened for in case-folded text, by the entries as written."""
    letters = re.sub(r"\\.", "", pattern)
    assert letters == letters.casefold()
    assert is_page_junk(example.upper())
    assert is_page_junk(example.swapcase())


SCREENED = [r"\b(?:x|(?:y|z) w)?q\b", r"(?:a\(|b) c", r"^(?:d|e)+ f", r"[|(]g|(?:h|(?:i|j) k) l",
            r"\b(?:m|n)\b|o\b", r"(?:^|\s)(?:p|\(r\)) s", r"(?:t|u)(?:v|x)", r"(?:q|w)??e"]
TOKENS = ["x", "y", "z", "w", "q", "a(", "b", "c", "d", "e", "f", "|g", "(g", "h", "i", "j", "k",
          "l", "m", "n", "o", "p", "(r)", "s", "t", "u", "v", "mo", "tv"]


@settings(max_examples=400)
@given(st.sampled_from(SCREENED), st.lists(st.sampled_from(TOKENS), max_size=6).map(" ".join),
       st.sampled_from([str.lower, str.upper]))
def test_wordlists_screens_find_all_their_pattern_finds(pattern: str, text: str,
                                                      case: Callable[[str], str]) -> None:
    """Text the screens of a pattern do not find, the pattern does not find: choices spread
    into one screen each, openings left out, groups, escapes and character sets kept whole."""
    text = case(text)
    if re.search(pattern, text, re.IGNORECASE):
        assert any_found(screens(pattern), text.casefold())


def test_wordlists_junk_screens_open_with_words() -> None:
    """Each screen opens with a word, which the engine finds fast: no choice, optional group
    or anchor opens one."""
    for row in JUNK:
        for screen in screens(row[0]):
            assert screen.pattern[:1] not in ("(", "^", "[", "\\") or screen.pattern.startswith("\\("), screen
    assert [s.pattern for s in screens(r"\b(?:products|services) from|^(?:please )?subscribe")] == [
        "products from", "services from", "subscribe"]


@pytest.mark.parametrize("text", [
    "Thereafter the court heard three more witnesses from the defence.",  # 'There' inside a word
    "Italian officials said the ferry had sailed without a permit.",  # 'It' inside a word
    "Shelling continued through the night in the eastern districts.",  # 'She' inside a word
    "The council said cookies and cakes would be sold at the fair.",  # a story about biscuits
    "The ministry said the new subscription fees would rise in March.",
])
def test_wordlists_ordinary_news_sentences_pass(text: str) -> None:
    assert reads_alone(text)
    assert not is_page_junk(text)
    assert is_briefing_material(text, 6, 70)


@pytest.mark.parametrize(("text", "alone"), [
    ("“It was a shallow, major earthquake,” said Jane Roe, a seismologist at the institute.", True),
    ("“It was a shallow, major earthquake,” he said.", False),  # quoted words, no one named
    ("The opposition called the plan “a step backwards for every family in the country.", False),
    ("If someone wanted to come back it would be real easy for them.”", False),  # a quote's tail
    ("The agency said the draft was full of “weasel words” and would be challenged.", True),
    ("“Good ventilation should be maintained,” she said, urging the public to wash their hands.", False),
    ("“And I asked him about it. He brushed it away, saying there is nothing.”", False),
    ("“If the prosecutor acts according to the law, the world will know who did this,” he said.", False),
])
def test_wordlists_quotations_need_a_speaker_and_both_marks(text: str, alone: bool) -> None:
    assert reads_alone(text) is alone


FUTURE_ROWS = read_table("future_markers")
SCHEDULED_ROWS = read_table("scheduled")
REPORTING_ROWS = read_table("reporting_verbs")
TITLE_ROWS = read_table("title_words")


@pytest.mark.parametrize(("pattern", "reason", "example"), FUTURE_ROWS + SCHEDULED_ROWS,
                         ids=[r[1] for r in FUTURE_ROWS + SCHEDULED_ROWS])
def test_wordlists_future_and_scheduled_entries_mark_their_example_as_next(
        pattern: str, reason: str, example: str, parties) -> None:  # type: ignore[no-untyped-def]
    assert re.search(r"\b(?:" + pattern + r")(?!\w)", example, re.IGNORECASE)
    assert FUTURE.search(example)
    assert SCHEDULED.search(example)
    item = Item(example, (0,), 0.5, (Sentence(example, 0, 3),))
    assert classify(item, parties, Ledes([]), set()) == Label("next")


@pytest.mark.parametrize(("verbs", "reason", "example"), REPORTING_ROWS, ids=[r[1] for r in REPORTING_ROWS])
def test_wordlists_reporting_verb_entries_attribute_their_example_to_a_party(
        verbs: str, reason: str, example: str, parties) -> None:  # type: ignore[no-untyped-def]
    assert re.search(r"\b(?:" + verbs + r")\b", example)
    assert speaker_party(example, parties) is not None


PLAIN_REPORTING_VERBS = [verb for row in REPORTING_ROWS for verb in row[0].split("|")
                         if re.fullmatch(r"[a-z ]+", verb)]


@pytest.mark.parametrize("verb", PLAIN_REPORTING_VERBS)
def test_wordlists_every_reporting_verb_names_its_speaker(verb: str) -> None:
    """Sentences are screened for a reporting verb before the speaker patterns run: none is missed."""
    assert find_speakers(f"Foreign Minister Jane Roe {verb} the plan would fail.") == [
        "Foreign Minister Jane Roe"]


@pytest.mark.parametrize(("words", "reason", "example"), TITLE_ROWS, ids=[r[1] for r in TITLE_ROWS])
def test_wordlists_title_word_entries_are_cut_from_the_name(
        words: str, reason: str, example: str, parties) -> None:  # type: ignore[no-untyped-def]
    assert set(words.split("|")) & set(example.replace(".", "").split())
    person = strip_titles(example.replace(".", ""), parties)
    assert person is not None
    assert not set(person.split()) & TITLE_WORDS
