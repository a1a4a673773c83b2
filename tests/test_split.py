"""Split: sentences and words from scraped text, repaired, offline."""

from __future__ import annotations

from pathlib import Path

import nltk
import pytest
from nltk.tokenize.punkt import PunktSentenceTokenizer

from briefing.core.models import Article, Sentence
from briefing.read.split import SentenceSplitter, number_sentences, repair_spacing, split_texts


@pytest.fixture(scope="module")
def splitter() -> SentenceSplitter:
    return SentenceSplitter()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Firms face stiff competition.Wang Yiwei noted that prices fell.",
         ("Firms face stiff competition.", "Wang Yiwei noted that prices fell.")),
        ("Both sides want dialogue.Earlier, several ministers met in Geneva.",
         ("Both sides want dialogue.", "Earlier, several ministers met in Geneva.")),
        ("“We keep our contacts,” Wang Yiwei noted.Everyone knows the stakes are high.",
         ("“We keep our contacts,” Wang Yiwei noted.", "Everyone knows the stakes are high.")),
        ("Exports grew 4%.Imports fell sharply in May.",
         ("Exports grew 4%.", "Imports fell sharply in May.")),
    ],
)
def test_split_to_sentences_separates_run_together_sentences(
        splitter: SentenceSplitter, text: str, expected: tuple[str, ...]) -> None:
    assert splitter.to_sentences(text) == expected


def test_split_to_sentences_spaces_quote_closed_before_said(splitter: SentenceSplitter) -> None:
    sentences = splitter.to_sentences("“We will meet again tonight”said Blinken after the talks.")
    assert sentences == ("“We will meet again tonight” said Blinken after the talks.",)
    assert "tonight” said" in sentences[0]


@pytest.mark.parametrize(
    "text",
    [
        "U.S. Secretary of State Antony Blinken arrived in Beijing on Sunday.",
        "Mr. Smith said the plan would work.",
        "Dr. Okafor and Gov. Reyes met at the St. Albans depot.",
        "Experts discussed the U.S.-(China) relationship at length.",
        "The economy grew 3.5 percent last year.",
        "Shares fell 0.75 points at 9 a.m. on the exchange.",
    ],
)
def test_split_to_sentences_keeps_abbreviations_and_numbers(
        splitter: SentenceSplitter, text: str) -> None:
    assert splitter.to_sentences(text) == (text,)


def test_split_to_sentences_splits_after_number(splitter: SentenceSplitter) -> None:
    assert splitter.to_sentences("Prices rose 3.5 percent in May. Wages rose 2.1 percent.") == (
        "Prices rose 3.5 percent in May.", "Wages rose 2.1 percent.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("competition.Wang Yiwei noted", "competition. Wang Yiwei noted"),
        ("tonight”said Blinken", "tonight” said Blinken"),
        ("a 3.5 percent rise", "a 3.5 percent rise"),
        ("the U.S. Secretary", "the U.S. Secretary"),
    ],
)
def test_split_repair_spacing(text: str, expected: str) -> None:
    assert repair_spacing(text) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("“Hello,” said Mr. Smith — calmly!", ("Hello", "said", "Smith", "calmly")),
        ("Prices rose 3.5 percent, (again).", ("Prices", "rose", "percent", "again")),
        ("A well-known O'Brien spoke.", ("A", "well-known", "O'Brien", "spoke")),
    ],
)
def test_split_to_words_returns_words_only(
        splitter: SentenceSplitter, sentence: str, expected: tuple[str, ...]) -> None:
    assert splitter.to_words(sentence) == expected


def test_split_works_without_nltk_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Only an empty data folder is searched: anything needing a download would fail."""
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    monkeypatch.setenv("NLTK_DATA", str(tmp_path))
    splitter = SentenceSplitter()
    assert splitter.to_sentences("Mr. Smith left.Then rain fell.") == (
        "Mr. Smith left.", "Then rain fell.")
    assert splitter.to_words("Mr. Smith left.") == ("Smith", "left")
    assert list(tmp_path.iterdir()) == []


def test_split_sentences_numbers_by_article_and_position(splitter: SentenceSplitter) -> None:
    articles = [
        Article(path="a.txt", text="First one.Second one.\n\nThird one here."),
        Article(path="b.txt", text="Only sentence of b."),
    ]
    assert number_sentences(split_texts([a.text for a in articles], splitter)) == [
        Sentence(text="First one.", article=0, position=0),
        Sentence(text="Second one.", article=0, position=1),
        Sentence(text="Third one here.", article=0, position=2),
        Sentence(text="Only sentence of b.", article=1, position=0),
    ]


@pytest.mark.parametrize(
    ("curly", "straight"),
    [
        ("I don’t know why O’Brien’s plan failed.", "I don't know why O'Brien's plan failed."),
        ("They can’t say it’s over.", "They can't say it's over."),
        ("The ‘quoted’ word stays a word.", "The 'quoted' word stays a word."),
    ],
)
def test_split_to_words_treats_curly_apostrophes_like_straight_ones(
        splitter: SentenceSplitter, curly: str, straight: str) -> None:
    words = splitter.to_words(curly)
    assert words == splitter.to_words(straight)
    assert not {"t", "s", "Brien"} & set(words)


@pytest.mark.parametrize(("text", "expected"), [
    ("Jane Roe, who earned her Ph.D. at the University of Sydney, found the fossil.",
     ("Jane Roe, who earned her Ph.D. at the University of Sydney, found the fossil.",)),
    ("Gen. Mark Ortiz arrived on Jan. 5 at St. Paul. Sen. Ann Lee met him.",
     ("Gen. Mark Ortiz arrived on Jan. 5 at St. Paul.", "Sen. Ann Lee met him.")),
    ("The memo was signed by J. R. Smith and sent to U.S. officials. They agreed.",
     ("The memo was signed by J. R. Smith and sent to U.S. officials.", "They agreed.")),
])
def test_split_keeps_abbreviations_and_initials_inside_sentences(
        splitter: SentenceSplitter, text: str, expected: tuple[str, ...]) -> None:
    assert splitter.to_sentences(text) == expected


def test_split_keeps_a_quoted_passage_of_several_sentences_whole(splitter: SentenceSplitter) -> None:
    text = ("Herbert said he had to leave because “I needed a smoke. I could not stand it any longer,” "
            "and walked out. The vigil went on until midnight.")
    assert splitter.to_sentences(text) == (
        "Herbert said he had to leave because “I needed a smoke. I could not stand it any longer,” "
        "and walked out.", "The vigil went on until midnight.")


PUNKT_CASES = (  # what Punkt decides: abbreviations, initials, figures, ellipses, quotes, brackets
    "Gen. Mark Ortiz arrived on Jan. 5 at St. Paul. Sen. Ann Lee met him at 9 a.m. sharp.",
    "The memo went to J. R. Smith (of the U.S. mission). They agreed... Or did they?",
    "Output rose 3.5% in 2024. Prices fell by 1,200.50 yen! “Is that right?” he asked.",
    "“He wanted to make Verona great again.” Then she spoke in sonnet form — «why not?» — and sat.",
    "The score was 2-1.Fans cheered. 'Never again,' said Dr. O'Neill. No. 10 stayed silent.",
    "Lines ended -- abruptly. Items: a., b., c. were listed; ii. was not. See p. 4 and pp. 5-6.",
)


@pytest.mark.parametrize("text", PUNKT_CASES)
def test_split_punkt_with_standard_library_patterns_splits_as_nltks_own(text: str) -> None:
    """SentenceSplitter's Punkt compiles NLTK's patterns with `re`: the same sentences."""
    own = SentenceSplitter()
    own._sentences = PunktSentenceTokenizer(own._sentences._params)  # NLTK's classes, as they come
    assert SentenceSplitter().to_sentences(text) == own.to_sentences(text)


def test_split_matches_no_pattern_under_nltks_regex_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """NLTK 3.10 runs its patterns through `regex` under a timeout: two thirds of splitting."""
    redos = pytest.importorskip("nltk.redos")  # NLTK before 3.10 has no such layer
    guarded: list[str] = []
    for method in ("match", "search", "finditer", "findall", "sub", "split"):
        original = getattr(redos.TimedPattern, method)
        monkeypatch.setattr(redos.TimedPattern, method, lambda self, *args, _original=original, _name=method,
                            **kwargs: guarded.append(_name) or _original(self, *args, **kwargs))
    for text in PUNKT_CASES:
        SentenceSplitter().to_sentences(text)
    assert guarded == []


def test_split_an_additive_connective_before_a_named_subject_goes(splitter: SentenceSplitter) -> None:
    """'Additionally, the mayor said ...' states what 'the mayor said' does, and reads alone;
    before a word that needs the sentence above ('two people'), it stays and points back."""
    assert splitter.to_sentences("Moreover, Mayor Ann Ortiz said the bridge would reopen. Additionally, "
                                 "two people were taken to hospital. In addition, The Port Authority "
                                 "will pay for the repairs.") == (
        "Mayor Ann Ortiz said the bridge would reopen.", "Additionally, two people were taken to hospital.",
        "The Port Authority will pay for the repairs.")
