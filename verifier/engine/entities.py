"""Names of datasets, models, methods and metrics (`XLM-R Large`, `mBERT`, `MNLI`, `SQuAD v2.0`, `Tatoeba`).

A token is a name when it has a capital letter after its first character (`mBERT`, `SQuAD`), is an acronym of two or
more capitals (`MNLI`, `F1`), or is capitalised in the middle of a sentence (`Tatoeba`). Size and version words that
follow a name belong to it (`XLM-R Large`, `SQuAD v2.0`). Names are compared by a normal form (lower case, no
hyphens or dots), and a shorter name matches a longer one it starts (`XLM-R` matches `XLM-R Large`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence, Set
from dataclasses import dataclass

from grammar.lexicon import MONTH_NAMES, token_matches

SUFFIX_WORDS = frozenset({"large", "base", "small", "tiny", "mini", "xl", "xxl", "medium", "huge"})
NOT_NAMES = frozenset(
    """table tables figure figures fig section sections appendix equation eq we our i in the a an this these that
    those it its however moreover furthermore finally first second third then thus while when where although since
    because for and but or on at to of by with from as after before during model models task tasks data dataset
    method methods et al vs note see also both each all".""".split()
)
SENTENCE_END = frozenset(".!?;:|")


@dataclass(frozen=True)
class Entity:
    """A name as written, its normal form, and its token span in the text."""

    text: str
    norm: str
    first: int
    last: int
    start: int = 0  # character span in the text
    end: int = 0


@functools.lru_cache(maxsize=1 << 15)
def normal_form(name: str) -> str:
    """`XLM-R Large` -> `xlmrlarge`; `SQuAD v2.0` -> `squadv20`."""
    name = name[:-2] if name.endswith("'s") else name
    return re.sub(r"[^a-z0-9+]", "", name.lower())


@functools.lru_cache(maxsize=1 << 15)
def _is_name(token: str, sentence_start: bool) -> bool:
    word = token[:-2] if token.endswith("'s") else token
    if not word[:1].isalpha() or word.lower() in NOT_NAMES or word.lower() in MONTH_NAMES:
        return False
    letters = [c for c in word if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    if any(c.isupper() for c in word[1:]) and capitals >= 1 and not word.isupper():
        return True  # mBERT, SQuAD, RoBERTa, XLM-R counted below
    if capitals >= 2 and capitals == len(letters):
        return True  # MNLI, F1, XLM-R, BLEU
    if word[0].isupper() and any(c.isdigit() for c in word):
        return True  # T5, GPT2
    return word[0].isupper() and not sentence_start and len(word) > 1


def name_tokens(text: str) -> list[str]:
    """The token list that `Entity.first` and `Entity.last` index into."""
    return _words(text)


def _words(text: str) -> list[str]:
    return [match.group(0) for match in token_matches(text)]


def extract_entities(text: str) -> list[Entity]:
    """The names in `text`, in order, with size and version words attached."""
    return list(_entities(text))


@functools.lru_cache(maxsize=8192)
def _entities(text: str) -> tuple[Entity, ...]:
    """`extract_entities`, memoised: a passage is read once, not once per claim it is a candidate for."""
    matches = list(token_matches(text))
    words = [m.group(0) for m in matches]
    found: list[Entity] = []
    i, sentence_start = 0, True
    while i < len(words):
        word = words[i]
        if word in SENTENCE_END:
            sentence_start = word != "|"  # a table cell's first word may be a name (`| Tatoeba |`)
            i += 1
            continue
        if word in "()[],":
            i += 1
            continue
        if _is_name(word, sentence_start) and not _before_et_al(words, i):
            last = i
            while last + 1 < len(words) and _attaches(words[last + 1]):
                last += 1
            name = " ".join(words[i:last + 1])
            found.append(Entity(name, normal_form(name), i, last, matches[i].start(), matches[last].end()))
            i = last + 1
        else:
            i += 1
        sentence_start = False
    return tuple(found)


def _attaches(word: str) -> bool:
    """Size and version words that belong to the preceding name (`Large`, `v2.0`, `2.0`)."""
    lower = word.lower()
    return lower in SUFFIX_WORDS or bool(re.fullmatch(r"v\d+(?:\.\d+)*", lower))


def _before_et_al(words: list[str], i: int) -> bool:
    """Author names in citations (`Phang et al.`) are not names the claim is about."""
    return i + 1 < len(words) and words[i + 1].lower() in ("et", "and") and i + 2 < len(words) and (
        words[i + 2].lower() in ("al", "al.") or (i + 3 < len(words) and words[i + 3].lower() in ("et",))
    )


INITIALISM = "="  # marks the forms `text_forms` adds for spelled-out acronyms (no normal form starts with it)
_ACRONYM_WORDS = (2, 5)  # fewest and most words an acronym spells out


@functools.lru_cache(maxsize=8192)
def text_forms(text: str) -> frozenset[str]:
    """Normal forms of every token and of every pair of adjacent tokens of `text` (to find a name written any way),
    and, marked with `INITIALISM`, the initials of every run of 2 to 5 words (hyphenated parts count as words), which
    an acronym spells out ("question answering" for QA, "part-of-speech" for POS). Memoised (the set is frozen):
    claims and passages are compared many times over."""
    tokens = _words(text)
    words = [normal_form(w) for w in tokens if w[:1].isalnum()]
    return frozenset(words) | frozenset(a + b for a, b in zip(words, words[1:])) | _initialisms(tokens)


def _initialisms(tokens: list[str]) -> frozenset[str]:
    found: set[str] = set()
    run: list[str] = []
    for token in [*tokens, "."]:
        parts = token.split("-")
        if all(p.isalpha() and not p.isupper() for p in parts):
            run += [p[0].lower() for p in parts]
            continue
        low, high = _ACRONYM_WORDS
        found.update(INITIALISM + "".join(run[i:j]) for i in range(len(run))
                     for j in range(i + low, min(len(run), i + high) + 1))
        run = []
    return frozenset(found)


def acronym(text: str) -> bool:
    """A name written as the capitals of the words it stands for (`QA`, `NER`, `WSD`), which a text may spell out."""
    return _ACRONYM_WORDS[0] <= len(text) <= _ACRONYM_WORDS[1] and text.isalpha() and text.isupper()


def names_match(a: str, b: str) -> bool:
    """Normal forms name the same thing: equal, or one starts the other and the shorter has 3+ characters."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short) and not long[len(short):].isdigit()


def strong_name(text: str) -> bool:
    """A name that is surely one (`MNLI`, `mBERT`, `GPT-2`), not a capitalised word (`British`, `Type`)."""
    return any(c.isupper() for c in text[1:]) or any(c.isdigit() for c in text)


def same_kind(a: Entity, b: Entity) -> bool:
    """Names of one shape: both surely names (`mT5-XL`, `XLM-R Base`) or both capitalised words (`German`,
    `Tatoeba`). A coarse stand-in for names of one kind: a model name is not replaced by a capitalised word."""
    return strong_name(a.text) == strong_name(b.text)


def spelled_out(name: str, forms: Set[str]) -> bool:
    """`name` is an acronym (`WSD`) whose words `forms` (see `text_forms`) spell out ("word sense disambiguation")."""
    return acronym(name) and INITIALISM + normal_form(name) in forms


def mentioned(entity: Entity, forms: Set[str]) -> bool:
    """Whether `entity` occurs among `forms` (see `text_forms`), an acronym also spelled out."""
    if spelled_out(entity.text, forms):
        return True
    return any(names_match(entity.norm, form) for form in forms if form[:1] == entity.norm[:1])


def distinct(entities: list[Entity]) -> list[Entity]:
    """One entity per normal form, first mentions first."""
    seen: dict[str, Entity] = {}
    for entity in entities:
        seen.setdefault(entity.norm, entity)
    return list(seen.values())


def subject_names(texts: Sequence[str], share: float, least: int, most: int) -> frozenset[str]:
    """The normal forms of the names a paper is about: the (at most `most`) sure names (`strong_name`) that the
    largest shares of its running-text passages `texts` mention, each in at least `share` of them and in `least`
    passages. Its sentences often leave such a name to the reader ("the average perplexity is 39.7" in the paper
    that trains the biLM)."""
    counts: dict[str, int] = {}
    for text in texts:
        for norm in {e.norm for e in _entities(text) if strong_name(e.text)}:
            counts[norm] = counts.get(norm, 0) + 1
    needed = max(least, share * len(texts))
    ranked = sorted((n for n, k in counts.items() if k >= needed), key=lambda n: (-counts[n], n))
    return frozenset(ranked[:most])

