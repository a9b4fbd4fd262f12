"""Words for lexical matching: lower-cased tokens, a light suffix-stripping stemmer, and stop words."""

from __future__ import annotations

import re
from functools import lru_cache

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be been before being below between both but
    by can could did do does doing during each either few for from further had has have having he her here hers him his
    how i if in into is it its itself just may me might more most much must my no nor not of off on once only or other
    our ours out over own per same she should so some such than that the their them then there these they this those
    through thus to too under until up upon very via was we were what when where whereas which while who whom why will
    with within without would yet you your its whose one ones et al e.g i.e use used using show shows shown find found
    report reports reported study studies paper work approach result results""".split()
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-+'.][A-Za-z0-9]+)*\+?|\d+(?:[.,]\d+)*%?")
_SUFFIXES = ("ational", "ations", "ation", "ments", "ment", "ness", "ings", "ing", "ities", "ity", "ies", "ied",
             "ers", "er", "ed", "es", "s", "ly")


def tokens(text: str) -> list[str]:
    """Lower-cased word and number tokens; hyphenated names (`xlm-r`, `gpt-2`) stay whole."""
    return [match.group(0).lower().rstrip(".") for match in _TOKEN.finditer(text)]


_KEEP_S = ("ss", "us", "is", "as", "os")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stemmer: strips one common English suffix from words longer than four letters (`improves` -> `improv`),
    and the plural or third-person `s` of four-letter words (`sees` -> `see`, `uses` -> `use`, not `bias`)."""
    if not word.isalpha():
        return word.replace("'s", "")
    if len(word) <= 4:
        return word[:-1] if len(word) == 4 and word.endswith("s") and not word.endswith(_KEEP_S) else word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def content_stems(text: str) -> list[str]:
    """Stems of the non-stop-word tokens of `text`, in order (numbers included as written)."""
    return [stem(token) for token in tokens(text) if token not in STOPWORDS]


def is_number(token: str) -> bool:
    return token[:1].isdigit()
