"""Split: sentences and words, offline, with NLTK's Punkt and word tokenizer and no data files.

sumy's own Tokenizer loads NLTK's punkt_tab model, which is a download; SentenceSplitter gives
sumy the same two methods (to_sentences, to_words) from parts of NLTK that need no data.
Scraped text is repaired first: sentences run together (`dialogue.Earlier`) get their space
back, and a quote closed right before its verb (`tonight”said`) gets one too.
"""

from __future__ import annotations

import re
from functools import cache

from nltk.tokenize.destructive import NLTKWordTokenizer
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken

from briefing.core.models import Sentence
from briefing.read.clean import split_paragraphs

ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "maj", "capt",
    "sgt", "cmdr", "adm", "st", "jr", "sr", "rev", "hon", "pres", "amb", "insp", "supt",
    "inc", "ltd", "co", "corp", "plc", "llc", "bros", "dept", "univ", "assn", "est", "approx",
    "vs", "no", "nos", "vol", "fig", "p", "pp", "e.g", "i.e", "etc", "cf", "al", "ca",
    "u.s", "u.k", "u.n", "e.u", "u.s.a", "d.c", "a.m", "p.m", "ph.d", "ph", "m.d", "b.a", "m.a",
    "ed.d", "mph", "ft", "mt", "messrs", "mme", "mlle", "gens", "sens", "reps", "govs", "cpl", "pvt",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun",
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan",
    "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla",
    "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo",
})
RUN_TOGETHER = re.compile(  # a word of two small letters or more before the stop: 'Ph.D' stays
    r"(?:(?<=[a-z][a-z][.!?])|(?<=[0-9%)\]][.!?]))(?=[“\"‘']?[A-Z])|(?<=[.!?][”\"’])(?=[A-Z“‘])")
RUN_TOGETHER_SCREEN = re.compile(r"[.!?][“\"‘'”’]?[A-Z“‘]")  # found wherever RUN_TOGETHER is
MAX_QUOTED_SENTENCES = 4  # a quoted passage longer than this is cut where Punkt cut it
QUOTE_BEFORE_WORD = re.compile(r"(?<=[\w,.!?][”\"])(?=[a-z])")
QUOTE_BEFORE_WORD_SCREEN = re.compile(r"[”\"][a-z]")
WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")


class PunktPatterns(PunktLanguageVars):  # type: ignore[misc]  # NLTK ships no type stubs
    """Punkt's own patterns, compiled by the standard library's engine (as NLTK did up to 3.9).

    NLTK 3.10 runs every match through the third-party `regex` engine under a timeout, a guard
    against patterns a caller supplies; Punkt's are fixed, linear, and matched once per token,
    and splitting took 2.2 times as long (two thirds of it inside that guard). The sentences
    are the same. PunktLanguageVars is the class NLTK documents for adapting Punkt's patterns.
    """

    re_boundary_realignment = re.compile(PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE)

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        return _compiled(self._word_tokenize_fmt % {
            "NonWord": self._re_non_word_chars, "MultiChar": self._re_multi_char_punct,
            "WordStart": self._re_word_start})

    def period_context_re(self) -> re.Pattern[str]:
        return _compiled(self._period_context_fmt % {
            "NonWord": self._re_non_word_chars, "SentEndChars": self._re_sent_end_chars})


class PunktPatternsToken(PunktToken):  # type: ignore[misc]
    """Punkt's token, its patterns compiled by the standard library's engine (see PunktPatterns)."""

    __slots__ = ()
    _RE_ELLIPSIS = re.compile(PunktToken._RE_ELLIPSIS.pattern)
    _RE_NUMERIC = re.compile(PunktToken._RE_NUMERIC.pattern)
    _RE_INITIAL = re.compile(PunktToken._RE_INITIAL.pattern)
    _RE_ALPHA = re.compile(PunktToken._RE_ALPHA.pattern)
    _RE_NON_PUNCT = re.compile(r"[^\W\d]")  # nltk.tokenize.punkt's _re_non_punct

    @property
    def is_non_punct(self) -> re.Match[str] | None:
        return self._RE_NON_PUNCT.search(self.type)


@cache
def _compiled(verbose_pattern: str) -> re.Pattern[str]:
    return re.compile(verbose_pattern, re.VERBOSE)


class SentenceSplitter:
    """A tokenizer with sumy's contract (to_sentences, to_words) that works offline."""

    def __init__(self, language: str = "english") -> None:
        self.language = language
        parameters = PunktParameters()
        parameters.abbrev_types = set(ABBREVIATIONS)
        self._sentences = PunktSentenceTokenizer(parameters, lang_vars=PunktPatterns(),
                                                 token_cls=PunktPatternsToken)
        self._words = NLTKWordTokenizer()

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """The sentences of a paragraph; a quoted passage of several sentences stays whole."""
        text = repair_spacing(paragraph)
        return _join_quoted([ADDED.sub("", s.strip()) for s in self._sentences.tokenize(text) if s.strip()])

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Words of a sentence; a curly apostrophe (`don’t`, `O’Brien’s`) tokenises like '."""
        text = sentence.replace("’", "'")
        return tuple(w for w in self._words.tokenize(text) if WORD.match(w))


# An additive connective before a named subject: 'Additionally, Qin urged ...' says what 'Qin
# urged ...' says, which reads alone; 'Additionally, two people ...' keeps it, and reads as
# pointing back (data/unclear_openings.tsv).
ADDED = re.compile(r"^(?i:additionally|moreover|furthermore|in addition|also),\s+(?=[A-Z“\"])")


def repair_spacing(text: str) -> str:
    """Put back the spaces a scraper lost between sentences and after closing quotes.

    Only text where a stop or a closing quote meets a letter is searched in full: the screens
    open with a character, which the regular expression engine finds many times faster.
    """
    if RUN_TOGETHER_SCREEN.search(text):
        text = RUN_TOGETHER.sub(" ", text)
    return QUOTE_BEFORE_WORD.sub(" ", text) if QUOTE_BEFORE_WORD_SCREEN.search(text) else text


def quote_open(text: str) -> bool:
    """A quotation opens in text and does not close there."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _join_quoted(sentences: list[str]) -> tuple[str, ...]:
    """Sentences inside one quotation joined, so no sentence is cut inside a quote.

    Punkt ends a sentence at a full stop inside quotation marks: `"We will. We must," she said.`
    becomes two sentences, the first with its quote left open, the second with a stray close.
    """
    joined: list[str] = []
    passage: list[str] = []
    for sentence in sentences:
        passage.append(sentence)
        if not quote_open(" ".join(passage)) or len(passage) >= MAX_QUOTED_SENTENCES:
            joined.append(" ".join(passage))
            passage = []
    if passage:
        joined.append(" ".join(passage))
    return tuple(joined)


def split_texts(texts: list[str], splitter: SentenceSplitter) -> list[tuple[str, ...]]:
    """The sentences of each text, paragraph by paragraph (plain strings: cheap to pass between processes)."""
    return [tuple(sentence for paragraph in split_paragraphs(text)
                  for sentence in splitter.to_sentences(paragraph)) for text in texts]


def number_sentences(per_article: list[tuple[str, ...]]) -> list[Sentence]:
    """Sentences numbered by their article and their position in it."""
    return [Sentence(text=text, article=index, position=position)
            for index, texts in enumerate(per_article) for position, text in enumerate(texts)]
