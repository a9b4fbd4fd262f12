"""Pure text functions: character normalisation, joining wrapped lines, and splitting sentences with offsets."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# Ligatures, minus signs and the many spaces PDFs use, mapped to what a reader would type.
CHAR_MAP = str.maketrans(
    {
        "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
        "\u2212": "-", "\u2010": "-", "\u2011": "-", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ",
        "\u2005": " ", "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ",
        "\u205f": " ", "\u3000": " ", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
        "\u00ad": "",
    }
)
SPACES = re.compile(r"[ \t]+")

# Line-final fragments that are real compound prefixes: "self-" + "attention" keeps its hyphen.
COMPOUND_PREFIXES = frozenset("self cross state zero few well task domain non semi end".split())

ABBREVIATIONS = frozenset(
    "e.g i.e al fig figs eq eqs sec secs tab tabs vs cf approx no nos resp ref refs ch app appx viz etc "
    "dr mr mrs ms prof st jr sr inc ltd co corp dept univ est vol pp ed eds".split()
)
SENTENCE_END = re.compile(r"[.!?][\"')\]\u201d\u2019]*(?=\s+[\"'(\[\u201c\u2018]?[A-Z0-9])")


def normalise(text: str) -> str:
    """Map ligatures, Unicode minus and special spaces to plain characters; collapse runs of spaces."""
    return SPACES.sub(" ", text.translate(CHAR_MAP))


WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


class Vocabulary:
    """The words of one document, to tell a compound hyphen at a line break from a word broken there.

    "intermediate-" + "task" keeps its hyphen when "intermediate-task" is printed inside a line somewhere in the
    document, or when "intermediate" and "task" are each printed as words and "intermediatetask" is not. The
    words come from inside lines (`interior_words`), so the halves of broken words ("transfor", "mation") and of
    compounds do not count as words.
    """

    def __init__(self, words: Iterable[str], min_half: int = 3, min_count: int = 2):
        counts: Counter = Counter()
        compounds: set[str] = set()
        for word in words:
            for token in WORD.findall(word):
                token = token.lower()
                if "-" in token:
                    compounds.add(token)
                else:
                    counts[token] += 1
        self.words, self.compounds = counts, compounds
        self.min_half, self.min_count = min_half, min_count

    def keeps_hyphen(self, fragment: str, rest: str) -> bool:
        """Whether "fragment-" at a line end followed by `rest` is a compound (True) or one broken word."""
        head, tail = fragment.lower(), WORD.match(rest)
        if tail is None:
            return False
        tail_token = tail.group(0).lower()
        tail_word = tail_token.split("-")[0]
        if f"{head}-{tail_word}" in self.compounds or f"{head}-{tail_token}" in self.compounds:
            return True
        if self.words.get(head + tail_word, 0) or not fragment.islower():
            return False
        return (len(head) >= self.min_half and len(tail_word) >= self.min_half
                and self.words.get(head, 0) >= self.min_count and self.words.get(tail_word, 0) >= self.min_count)


def join_wrapped(left: str, right: str, vocabulary: Vocabulary | None = None) -> tuple[str, int]:
    """Join two wrapped lines; returns the joined text and how many characters of `left` were kept.

    "transfor-" + "mation" -> "transformation" (a word hyphenated at the line end); "state-of-" + "the-art",
    "self-" + "attention", "BERT-" + "base" and "5-" + "10" keep their hyphen, and so does a compound the
    document's `vocabulary` knows ("intermediate-" + "task"); other lines join with a space.
    """
    if len(left) < 2 or not left.endswith("-") or not left[-2].isalnum() or not right[:1].isalnum():
        return f"{left} {right}", len(left)
    fragment = left.rsplit(" ", 1)[-1][:-1]
    hyphenated = fragment.isalpha() and fragment[1:].islower() and right[:1].islower()
    if not hyphenated or fragment.lower() in COMPOUND_PREFIXES or (
            vocabulary is not None and vocabulary.keeps_hyphen(fragment, right)):
        return left + right, len(left)
    return left[:-1] + right, len(left) - 1


def is_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at `dot` ends an abbreviation ("e.g.", "et al.", "Fig.", an initial "J.")."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower().rstrip(".")
    if not word:
        return False
    if len(word) == 1 and text[start:dot].isalpha() and text[start].isupper():
        return True  # an initial
    return word in ABBREVIATIONS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in `text` (stripped), splitting at .!? before a capital or digit."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        if text[match.start()] == "." and is_abbreviation(text, match.start()):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    result = []
    for begin, end in spans:
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if end > begin:
            result.append((begin, end))
    return result


def strip_heading_number(text: str) -> str:
    """"3.2 Results" -> "Results"; "A.1 Details" -> "Details"; "IV. Method" -> "Method"; others unchanged."""
    match = re.match(r"^(?:\d+(?:\.\d+)*\.?|[A-Z](?:\.\d+)+\.?|[A-Z]\.|[IVX]+\.)\s+(?=\S)", text)
    return text[match.end():] if match else text


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into one paragraph, undoing hyphenation at line ends."""
    joined = ""
    for line in lines:
        line = line.strip()
        if line:
            joined = join_wrapped(joined, line)[0] if joined else line
    return joined
