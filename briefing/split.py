"""Split: sentences and words, offline, with NLTK's Punkt and word tokenizer and no data files.

sumy's own Tokenizer loads NLTK's punkt_tab model, which is a download; SentenceSplitter gives
sumy the same two methods (to_sentences, to_words) from parts of NLTK that need no data.
Scraped text is repaired first: sentences run together (`dialogue.Earlier`) get their space
back, and a quote closed right before its verb (`tonight”said`) gets one too.
"""

from __future__ import annotations

import re

from nltk.tokenize.destructive import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from briefing.clean import split_paragraphs
from briefing.models import Article, Sentence

ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "maj", "capt",
    "sgt", "cmdr", "adm", "st", "jr", "sr", "rev", "hon", "pres", "amb", "insp", "supt",
    "inc", "ltd", "co", "corp", "plc", "llc", "bros", "dept", "univ", "assn", "est", "approx",
    "vs", "no", "nos", "vol", "fig", "p", "pp", "e.g", "i.e", "etc", "cf", "al", "ca",
    "u.s", "u.k", "u.n", "e.u", "u.s.a", "d.c", "a.m", "p.m",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun",
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan",
    "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla",
    "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo",
})
RUN_TOGETHER = re.compile(r"(?<=[a-z0-9%)\]][.!?])(?=[“\"‘']?[A-Z])|(?<=[.!?][”\"’])(?=[A-Z“‘])")
QUOTE_BEFORE_WORD = re.compile(r"(?<=[\w,.!?][”\"])(?=[a-z])")
WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")


class SentenceSplitter:
    """A tokenizer with sumy's contract (to_sentences, to_words) that works offline."""

    def __init__(self, language: str = "english") -> None:
        self.language = language
        parameters = PunktParameters()
        parameters.abbrev_types = set(ABBREVIATIONS)
        self._sentences = PunktSentenceTokenizer(parameters)
        self._words = NLTKWordTokenizer()

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        text = repair_spacing(paragraph)
        return tuple(s.strip() for s in self._sentences.tokenize(text) if s.strip())

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Words of a sentence; a curly apostrophe (`don’t`, `O’Brien’s`) tokenises like '."""
        text = sentence.replace("’", "'")
        return tuple(w for w in self._words.tokenize(text) if WORD.match(w))


def repair_spacing(text: str) -> str:
    """Put back the spaces a scraper lost between sentences and after closing quotes."""
    return QUOTE_BEFORE_WORD.sub(" ", RUN_TOGETHER.sub(" ", text))


def split_sentences(articles: list[Article], splitter: SentenceSplitter) -> list[Sentence]:
    """Every sentence of every article, numbered by article and position."""
    return number_sentences(split_texts([article.text for article in articles], splitter))


def split_texts(texts: list[str], splitter: SentenceSplitter) -> list[tuple[str, ...]]:
    """The sentences of each text, paragraph by paragraph (plain strings: cheap to pass between processes)."""
    return [tuple(sentence for paragraph in split_paragraphs(text)
                  for sentence in splitter.to_sentences(paragraph)) for text in texts]


def number_sentences(per_article: list[tuple[str, ...]]) -> list[Sentence]:
    """Sentences numbered by their article and their position in it."""
    return [Sentence(text=text, article=index, position=position)
            for index, texts in enumerate(per_article) for position, text in enumerate(texts)]
