"""Direction words (improve/hurt, outperform/trail, increase/decrease, higher/lower, before/after) with negation, and
the test for a reversed direction between a claim and its evidence.

Words are grouped in families; only words of one family oppose each other, so "reduces the error" never conflicts
with "improves accuracy". A comparison whose two sides are swapped ("B outperforms A" for "A outperforms B") counts as
reversed, and "A trails B" agrees with "B outperforms A". When a clause holds several words of one family, each is
compared with the evidence's word about the same thing ("more wrong labels" with "fewer wrong labels", not with
"larger teachers").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from grammar.lexicon import (
    DIRECTIONS,
    NEGATIONS,
    PUNCTUATION,
    STOPWORDS,
    Direction,
    is_negation,
    stem,
    token_matches,
    tokens,
)

LEXICON: dict[str, tuple[str, int]] = {word: (d.family, d.sign) for word, d in DIRECTIONS.items()}
"""Direction word -> (family, sign), from the project's lexicon."""
NEGATORS = NEGATIONS
_MODIFIERS = frozenset({"degree", "phase"})  # families whose words tell about the word after them
# `while` joins two clauses ("helps A while it hurts B"), except before a gerund ("while running faster").
_CLAUSE_BREAK = re.compile(r";|,?\s+whereas\s+|,?\s+while\s+(?![a-z]+ing\b)|\s+but\s+|,\s+although\s+|\.\s+|\s+\|\s+")


def _words(clause: str, commas: bool = False) -> list[str]:
    """The clause's lower-cased word and number tokens (`grammar.lexicon.tokens`), with its commas when `commas`."""
    return tokens(clause, "," if commas else "")


def _content(word: str) -> bool:
    return word not in STOPWORDS and word not in LEXICON and word not in NEGATORS and not word[0].isdigit()


@dataclass(frozen=True)
class Cue:
    """One direction word: its family, its sign after negation, and where it stands in its clause."""

    word: str
    family: str
    sign: int
    negated: bool
    position: int  # index in `tokens(clause)` (words and numbers, no punctuation)
    anchor: str = ""  # the content word the cue is about: the noun after a degree word, the subject before a verb


def _negated(words: list[str], index: int) -> bool:
    """A negator among the four words before `index`, within the clause (`not only` does not negate)."""
    for j in range(index - 1, max(-1, index - 5), -1):
        word = words[j]
        if word == ",":
            return False
        if is_negation(word) and not (j + 1 < len(words) and words[j + 1] == "only"):
            return True
    return False


_COPULAS = frozenset("is are was were".split())


def _denied_after(words: list[str], index: int) -> bool:
    """A superlative whose clause denies it after it: "the best system is not X", "the best one isn't X"."""
    for j in range(index + 1, min(len(words), index + 8)):
        if words[j] == ",":
            return False
        if (words[j] in _COPULAS and j + 1 < len(words) and words[j + 1] in ("not", "never")) \
                or words[j] in ("isn't", "aren't", "wasn't", "weren't"):
            return True
    return False


def direction_cues(clause: str) -> list[Cue]:
    """The direction words of one clause, with negation applied to their sign."""
    words = _words(clause, commas=True)
    cues = []
    position = 0
    for index, word in enumerate(words):
        if word in LEXICON:
            family, sign = LEXICON[word]
            negated = _negated(words, index) or (DIRECTIONS[word].grade == "superlative" and _denied_after(words, index))
            cues.append(Cue(word, family, -sign if negated else sign, negated, position, _anchor(words, index, family)))
        position += word != ","
    return cues


def _content_word(words: list[str], indices: range) -> str:
    """The stem of the first word in `indices` that is neither a stop word, a direction word nor a negator."""
    for j in indices:
        word = words[j]
        if word == ",":
            return ""
        if _content(word):
            return stem(word)
    return ""


_DETERMINERS = frozenset("the a an its their our this these".split())
_OBJECT_FAMILIES = frozenset({"effect", "amount", "regulation"})  # verbs that act on an object: "lowers accuracy"


def _anchor(words: list[str], index: int, family: str) -> str:
    """What a direction word is about: a degree word modifies the word after it ("more heads", "worse calibrated");
    a verb with an object right after it acts on that object ("lowers accuracy", "improves the F1"); another verb
    tells about the word before it ("error rises"); each falls back to the other side."""
    after = _content_word(words, range(index + 1, len(words)))
    before = _content_word(words, range(index - 1, -1, -1))
    if family in _MODIFIERS:
        return after or before
    if family in _OBJECT_FAMILIES and after and _object_follows(words, index):
        return after
    return before or after


def _object_follows(words: list[str], index: int) -> bool:
    """The word after `index` (past determiners) is a content word: the verb's object."""
    j = index + 1
    while j < len(words) and words[j] in _DETERMINERS:
        j += 1
    return j < len(words) and words[j] != "," and _content(words[j])


def clauses(text: str) -> list[str]:
    """`text` cut at clause boundaries (`;`, `whereas`, `while`, `but`, sentence ends)."""
    return [part.strip() for part in _CLAUSE_BREAK.split(text) if part and part.strip()]


def _topic(clause: str, exclude: set[str] | None = None) -> list[str]:
    words = _words(clause)
    return [stem(w) for w in words if _content(w) and (exclude is None or w not in exclude)]


def _overlap(a: list[str], b: list[str]) -> float:
    return len(set(a) & set(b)) / max(1, len(set(a)))


def _sides(clause: str, cue: Cue) -> tuple[list[str], list[str]]:
    """Content words before and after a comparison word (direction words included: "lower layers"). With `than`
    after the word, the sides are the things compared: the words after `than`, and the words before the comparison
    word back to the comma before it, so that a setting both sides share ("Before scaling, A is better calibrated
    than B") does not count as a side. Each falls back to the whole side when that leaves nothing."""
    words = _words(clause, commas=True)
    index = _token_index(words, cue.position)

    def content(part: list[str]) -> list[str]:
        return [stem(w) for w in part if w not in STOPWORDS and w not in ("than", "rather", ",") and not w[0].isdigit()]

    left, right = words[:index], words[index + 1:]
    if "than" in right:
        after = right[right.index("than") + 1:]
        focused_right = content(after[:after.index(",")] if "," in after else after)
        focused_left = content(left[len(left) - left[::-1].index(","):] if "," in left else left)
        if focused_left and focused_right:
            return focused_left, focused_right
    return content(left), content(right)


def _token_index(words: list[str], position: int) -> int:
    """The index in `words` (commas included) of the `position`-th word token (commas not counted)."""
    count = -1
    for index, word in enumerate(words):
        count += word != ","
        if count == position:
            return index
    return len(words)


def _swapped(claim_clause: str, claim_cue: Cue, evidence_clause: str, evidence_cue: Cue) -> bool:
    """The two sides of a comparison are exchanged between claim and evidence."""
    c_left, c_right = _sides(claim_clause, claim_cue)
    e_left, e_right = _sides(evidence_clause, evidence_cue)
    if not (c_left and c_right and e_left and e_right):
        return False
    straight = _overlap(c_left, e_left) + _overlap(c_right, e_right)
    crossed = _overlap(c_left, e_right) + _overlap(c_right, e_left)
    return crossed > straight + 0.5


@dataclass(frozen=True)
class DirectionConflict:
    """A claim's direction word and the evidence's opposite one."""

    claim_word: str
    evidence_word: str
    claim_negated: bool
    evidence_negated: bool
    swapped: bool
    values: str = ""  # when the evidence's numbers, not its words, say the other direction: "mBERT 66.3, XLM-R 79.2"


DEGREE_OVERLAP = 0.75
_WEAK = frozenset({"degree", "phase"})  # families common enough to oppose only in clauses that mostly agree
CROSS_FAMILY = {frozenset({"effect", "amount"}), frozenset({"effect", "degree"}), frozenset({"amount", "degree"}),
                frozenset({"regulation", "amount"}), frozenset({"regulation", "effect"})}


def _comparative(clause: str, cue: Cue) -> bool:
    return cue.family == "comparison" or (cue.family == "degree" and " than " in f" {clause.lower()} ")


def _effective_sign(claim_clause: str, c: Cue, evidence_clause: str, e: Cue) -> int:
    if _comparative(claim_clause, c) and _comparative(evidence_clause, e) and _swapped(claim_clause, c, evidence_clause, e):
        return -e.sign
    return e.sign


def _related(c: Cue, e: Cue, overlap: float) -> bool:
    """Cues that can oppose each other: one family, or related families when the clauses say the same otherwise
    ("decreases accuracy" against "improves accuracy", but not "reduces the error" against "improves accuracy").
    Degree words (high, small, more) and before/after are everywhere, so they oppose only in clauses that mostly
    agree."""
    if c.family == e.family:
        return c.family not in _WEAK or overlap >= DEGREE_OVERLAP
    return frozenset({c.family, e.family}) in CROSS_FAMILY and overlap >= 0.9


@functools.lru_cache(maxsize=8192)
def _readings(text: str) -> tuple[tuple[str, list[Cue], list[str]], ...]:
    """Each clause of `text` with its direction cues and topic words, memoised: claims and passages are compared
    many times over. Callers never change the lists."""
    return tuple((part, direction_cues(part), _topic(part)) for part in clauses(text))


def direction_conflict(claim: str, evidence: str, min_overlap: float = 0.5) -> DirectionConflict | None:
    """The first claim clause whose best-matching evidence clause says the opposite direction, if any."""
    evidence_parts = _readings(evidence)
    for claim_part, claim_cues, topic in _readings(claim):
        if not claim_cues:
            continue
        best = max(evidence_parts, key=lambda item: _overlap(topic, item[2]), default=None)
        if best is None or _overlap(topic, best[2]) < min_overlap:
            continue
        conflict = _opposed(claim_part, claim_cues, best[0], best[1], _overlap(topic, best[2]))
        if conflict:
            return conflict
    return None


def _opposed(claim_part: str, claim_cues: list[Cue], evidence_part: str, evidence_cues: list[Cue],
             overlap: float) -> DirectionConflict | None:
    """A claim cue whose counterpart in the evidence points the other way. Counterparts are the evidence's cues of
    the same family, or, when it has none, of a related family."""
    for rank, c in enumerate(claim_cues):
        pool = [e for e in evidence_cues if e.family == c.family]
        if c.family == "phase":
            pool = [e for e in pool if _related(c, e, overlap)]
        # A cue of a related family about the same word says most ("lowers accuracy" against "improves accuracy",
        # not against "increasing the vocabulary").
        anchored = [e for e in evidence_cues if c.anchor and e.anchor == c.anchor and e.family != c.family
                    and frozenset({c.family, e.family}) in CROSS_FAMILY and c.family not in _WEAK]
        if anchored and not any(e.anchor == c.anchor for e in pool):
            pool = anchored
        pool = pool or [e for e in evidence_cues if _related(c, e, overlap)]
        if c.family == "degree":  # "small" (extent) and "many" (count) are no opposites; "few" and "many" are
            pool = [e for e in pool if e.family != "degree" or _same_axis(c, e)]
        if c.family == "degree" and c.anchor and pool and all(e.anchor and e.anchor != c.anchor for e in pool) \
                and not _comparative(claim_part, c):
            continue  # "small" and "many" about different nouns say nothing about each other
        pool = _counterparts(c, rank, claim_cues, pool, evidence_cues)
        signs = {e: _effective_sign(claim_part, c, evidence_part, e) for e in pool}
        if not signs or c.sign in signs.values():
            continue
        e = next(iter(signs))
        return DirectionConflict(c.word, e.word, c.negated, e.negated, signs[e] != e.sign)
    return None


def _same_axis(a: Cue, b: Cue) -> bool:
    axis_a, axis_b = DIRECTIONS[a.word].axis, DIRECTIONS[b.word].axis
    return not axis_a or not axis_b or axis_a == axis_b


def _counterparts(c: Cue, rank: int, claim_cues: list[Cue], pool: list[Cue], evidence_cues: list[Cue]) -> list[Cue]:
    """The evidence cue that says what `c` says, when the evidence has several: the one about the same word
    ("fewer wrong labels" for "more wrong labels", not "larger teachers"), among equals the one at the same place in
    its clause's list of cues ("higher layers ... than lower layers"). Without a cue about the same word, all of
    `pool` (any of them agreeing means no conflict)."""
    same = [e for e in pool if c.anchor and e.anchor == c.anchor]
    if len(pool) < 2 or not same:
        return pool
    share = rank / max(1, len(claim_cues) - 1)
    return [min(same, key=lambda e: abs(evidence_cues.index(e) / max(1, len(evidence_cues) - 1) - share))]


def describe(conflict: DirectionConflict) -> tuple[str, str]:
    """Short phrases for the claim's and the evidence's direction (`"improves"`, `"does not improve"`)."""
    claim = f"not {conflict.claim_word}" if conflict.claim_negated else conflict.claim_word
    evidence = f"not {conflict.evidence_word}" if conflict.evidence_negated else conflict.evidence_word
    if conflict.values:
        return claim, conflict.values
    if conflict.swapped:
        evidence += " (with the two sides swapped)"
    return claim, evidence


def comparison_kind(direction: Direction) -> str | None:
    """What a direction word claims about two rows of a table (or one row against its column): `better`/`worse`
    (quality: outperform, improve, hurt, better), `higher`/`lower` (size: increase, reduce, higher, fewer), or the
    superlatives `best`/`worst`/`highest`/`lowest`; None for words that compare nothing (before, associated, many)."""
    up = direction.sign > 0
    if direction.family in ("comparison", "effect"):
        return "better" if up else "worse"
    if direction.family == "amount":
        return "higher" if up else "lower"
    if direction.family != "degree" or direction.grade == "base":
        return None
    if direction.grade == "superlative":
        return ("best" if up else "worst") if direction.scale == "quality" else ("highest" if up else "lowest")
    return ("better" if up else "worse") if direction.scale == "quality" else ("higher" if up else "lower")


@dataclass(frozen=True)
class Comparison:
    """A comparing direction word of a claim: its kind (`comparison_kind`), word position in `tokens(text)`,
    negation, and the stem of the word it is about ("lower DCE": `dce`)."""

    kind: str
    position: int
    negated: bool
    anchor: str
    clause: str = ""  # the clause that holds it ("A outperforms B on X" of "..., while B is better on Y")


def _clause_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _CLAUSE_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    return [*spans, (start, len(text))]


def claim_comparisons(text: str) -> list[Comparison]:
    """The claim's comparing direction words, read as the text checks read them (`direction_cues`)."""
    starts = [m.start() for m in token_matches(text) if m.group(0) not in PUNCTUATION]
    spans = _clause_spans(text)
    found = []
    for cue in direction_cues(text):
        kind = comparison_kind(DIRECTIONS[cue.word])
        if kind is not None:
            char = starts[cue.position] if cue.position < len(starts) else 0
            clause = next((text[a:b] for a, b in spans if a <= char < b), text)
            found.append(Comparison(kind, cue.position, cue.negated, cue.anchor, clause.strip()))
    return found


def claim_comparison(text: str) -> tuple[str, int, bool] | None:
    """The claim's first comparing direction word: (kind, word position in `tokens(text)`, negated)."""
    first = next(iter(claim_comparisons(text)), None)
    return (first.kind, first.position, first.negated) if first else None
