"""Languages: each one's stemmer and stop words, and which language an article is written in.

The stemmer is NLTK's Snowball stemmer, the one sumy's Stemmer wraps for every language Snowball
knows, and the stop words are the lists sumy ships (its package data, no download). Both are
read without importing `sumy.utils`, which imports requests and pycountry (for fetching URLs
and reading language codes), slow to import for every run; any other
language name (a code such as `de`, or a language with a stemmer of sumy's own) goes to sumy.

An article's language, offline: the share of its words that are the stop words of each
language, and the script of its letters for languages written without spaces or in another
alphabet. Only a clear case counts: enough words, and another language's stop words far more
common than those of the briefing's language. A doubtful article is kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

MIN_WORDS = 40  # fewer words than this: too few to judge
MIN_SHARE = 0.2  # the other language's stop words are at least this share of the words
MARGIN = 2.0  # ... and at least this many times the share of the briefing language's
SAMPLE = 5000  # characters of an article read to tell its script and language
FOREIGN_SCRIPT = 0.5  # over half the letters in a script the briefing language is not written in
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# English number words from two to ninety, as the digits they stand for ('twenty' is 20)
UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen", "twenty"]
TENS = ["thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_WORDS = {word: str(value) for value, word in enumerate(UNITS) if value >= 2} | {
    word: str(10 * tens) for tens, word in enumerate(TENS, start=3)}
SCRIPTS = {  # script (first word of the Unicode name of a letter) of languages sumy knows
    "LATIN": ("czech", "english", "french", "german", "italian", "polish", "portuguese",
              "slovak", "spanish", "swedish"),
    "CYRILLIC": ("ukrainian",), "GREEK": ("greek",), "ARABIC": ("arabic",), "HEBREW": ("hebrew",),
    "CJK": ("chinese", "japanese"), "HIRAGANA": ("japanese",), "KATAKANA": ("japanese",),
    "HANGUL": ("korean",), "THAI": ("thai",),
}


def stemmer(language: str) -> Callable[[str], str]:
    """The language's stemmer, as sumy's Stemmer(language) stems (LookupError if it has none).
    NLTK is imported here, not with the module: a reader that needs only the stop words or
    the number words does not pay its import."""
    from nltk.stem.snowball import SnowballStemmer

    if language in SnowballStemmer.languages:
        stem: Callable[[str], str] = SnowballStemmer(language).stem
        return stem
    from sumy.nlp.stemmers import Stemmer

    return Stemmer(language)  # type: ignore[no-any-return]  # sumy ships no type stubs


@cache
def stop_words_of(language: str) -> frozenset[str]:
    """The language's stop words, as sumy's get_stop_words(language) reads them (LookupError
    if it has none)."""
    listed = _stop_word_files().get(language)
    if listed is None:
        from sumy.utils import get_stop_words

        return get_stop_words(language)  # type: ignore[no-any-return]
    return frozenset(w.rstrip() for w in listed.read_text(encoding="utf-8").splitlines() if w)


@cache
def _stop_word_files() -> dict[str, Traversable]:
    """sumy's stop-word lists, by language."""
    folder = resources.files("sumy") / "data" / "stopwords"
    return {p.name.removesuffix(".txt"): p for p in folder.iterdir() if p.name.endswith(".txt")}


@cache
def stop_words() -> dict[str, frozenset[str]]:
    """Each spaced Latin-script language's stop words, lower-cased."""
    return {name: frozenset(w.lower() for w in stop_words_of(name))
            for name in sorted(_stop_word_files()) if name in SCRIPTS["LATIN"]}


def other_language(text: str, language: str) -> str | None:
    """The language text is clearly written in when that is not `language`, else None."""
    script, share = _main_script(text)
    if script is not None and share > FOREIGN_SCRIPT and language not in SCRIPTS.get(script, ()):
        return SCRIPTS.get(script, (script.lower(),))[0] if script != "CJK" else "chinese or japanese"
    words = WORD.findall(text[:SAMPLE].lower().replace("’", "'"))
    lists = stop_words()
    if len(words) < MIN_WORDS or language not in lists:
        return None
    counts = Counter(words)

    def share_of(listed: frozenset[str]) -> float:
        return sum(counts[w] for w in listed & counts.keys()) / len(words)

    needed = max(MIN_SHARE, MARGIN * share_of(lists[language]))
    if share_of(_others_stop_words(language)) < needed:  # no other language's words reach it
        return None
    shares = {name: share_of(listed) for name, listed in lists.items()}
    best = max(shares, key=lambda name: shares[name])
    if best != language and shares[best] >= MIN_SHARE and shares[best] >= MARGIN * shares[language]:
        return best
    return None


@cache
def _others_stop_words(language: str) -> frozenset[str]:
    """The stop words of every language but `language` (a share no other language's can pass)."""
    return frozenset().union(*(listed for name, listed in stop_words().items() if name != language))


def _main_script(text: str) -> tuple[str | None, float]:
    """The script most letters of text are written in, and their share of the letters; letters
    counted by kind (each distinct letter named once), so a long article costs little."""
    sample = text[:SAMPLE]
    if sample.isascii():  # every letter Latin: nothing to count (most English articles)
        return ("LATIN", 1.0) if any(c.isalpha() for c in sample) else (None, 0.0)
    scripts: Counter[str] = Counter()
    for character, count in Counter(sample).items():
        if character.isalpha():
            scripts[_script_of(character)] += count
    if not scripts:
        return None, 0.0
    script, count = scripts.most_common(1)[0]
    return script, count / sum(scripts.values())


@cache
def _script_of(letter: str) -> str:
    name = unicodedata.name(letter, "")
    return "CJK" if name.startswith("CJK") else name.split(" ", 1)[0]
