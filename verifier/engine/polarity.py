"""Direction words (improve/hurt, outperform/trail, increase/decrease, higher/lower, before/after) with negation, and
the test for a reversed direction between a claim and its evidence.

Words are grouped in families; only words of one family oppose each other, so "reduces the error" never conflicts
with "improves accuracy". A comparison whose two sides are swapped ("B outperforms A" for "A outperforms B") counts as
reversed, and "A trails B" agrees with "B outperforms A". When a clause holds several words of one family, each is
compared with the evidence's word about the same thing ("more wrong labels" with "fewer wrong labels", not with
"larger teachers").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from verifier.engine.words import STOPWORDS, stem

_FAMILIES: dict[str, dict[int, str]] = {
    "effect": {
        +1: "improve improves improved improving improvement improvements help helps helped helping helpful benefit "
            "benefits benefited benefiting beneficial boost boosts boosted enhance enhances enhanced strengthens",
        -1: "hurt hurts hurting harm harms harmed harmful degrade degrades degraded degrading degradation worsen "
            "worsens worsened impair impairs impaired deteriorates deteriorated weakens weakened",
    },
    "comparison": {
        +1: "outperform outperforms outperformed outperforming exceed exceeds exceeded surpass surpasses surpassed "
            "beat beats superior",
        -1: "underperform underperforms underperformed underperforming trail trails trailed trailing lag lags "
            "lagged lagging inferior",
    },
    "amount": {
        +1: "increase increases increased increasing rise rises rose risen grow grows grew growth gain gains gained",
        -1: "decrease decreases decreased decreasing reduce reduces reduced reducing reduction fall falls fell drop "
            "drops dropped decline declines declined shrink shrinks loss losses lose loses",
    },
    "regulation": {  # biomedical effects of one agent on another
        +1: "activate activates activated activating activation induce induces induced inducing induction promote "
            "promotes promoted promoting stimulate stimulates stimulated stimulating upregulate upregulates "
            "upregulated up-regulate up-regulates up-regulated upregulation positively",
        -1: "inhibit inhibits inhibited inhibiting inhibition suppress suppresses suppressed suppressing suppression "
            "block blocks blocked blocking prevent prevents prevented preventing downregulate downregulates "
            "downregulated down-regulate down-regulates down-regulated downregulation repress represses repressed "
            "attenuate attenuates attenuated impede impedes impeded negatively inversely",
    },
    "relation": {  # whether two things go together at all
        +1: "associated association correlated correlates correlation linked related",
        -1: "unrelated uncorrelated unassociated independent",
    },
    "phase": {  # the two sides of an intervention: "worse calibrated before scaling" is not "after scaling"
        +1: "after",
        -1: "before",
    },
    "degree": {
        +1: "high higher highest better best more most large larger largest greater stronger much many",
        -1: "low lower lowest worse worst less least small smaller smallest weaker little few fewer fewest",
    },
}
LEXICON: dict[str, tuple[str, int]] = {
    word: (family, sign) for family, signs in _FAMILIES.items() for sign, words in signs.items() for word in words.split()
}
NEGATORS = frozenset("not no never cannot neither nor without fail fails failed unable none nothing hardly barely".split())
_MODIFIERS = frozenset({"degree", "phase"})  # families whose words tell about the word after them
# `while` joins two clauses ("helps A while it hurts B"), except before a gerund ("while running faster").
_CLAUSE_BREAK = re.compile(r";|,?\s+whereas\s+|,?\s+while\s+(?![a-z]+ing\b)|\s+but\s+|,\s+although\s+|\.\s+|\s+\|\s+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*|,")


@dataclass(frozen=True)
class Cue:
    """One direction word: its family, its sign after negation, and where it stands in its clause."""

    word: str
    family: str
    sign: int
    negated: bool
    position: int
    anchor: str = ""  # the content word the cue is about: the noun after a degree word, the subject before a verb


def _negated(words: list[str], index: int) -> bool:
    """A negator among the four words before `index`, within the clause (`not only` does not negate)."""
    for j in range(index - 1, max(-1, index - 5), -1):
        word = words[j]
        if word == ",":
            return False
        if (word in NEGATORS or word.endswith("n't")) and not (j + 1 < len(words) and words[j + 1] == "only"):
            return True
    return False


def direction_cues(clause: str) -> list[Cue]:
    """The direction words of one clause, with negation applied to their sign."""
    words = [w.lower() for w in _WORD.findall(clause)]
    cues = []
    for index, word in enumerate(words):
        if word in LEXICON:
            family, sign = LEXICON[word]
            negated = _negated(words, index)
            cues.append(Cue(word, family, -sign if negated else sign, negated, index, _anchor(words, index, family)))
    return cues


def _content_word(words: list[str], indices: range) -> str:
    """The stem of the first word in `indices` that is neither a stop word, a direction word nor a negator."""
    for j in indices:
        word = words[j]
        if word == ",":
            return ""
        if word not in STOPWORDS and word not in LEXICON and word not in NEGATORS:
            return stem(word)
    return ""


def _anchor(words: list[str], index: int, family: str) -> str:
    """What a direction word is about: a degree word modifies the word after it ("more heads", "worse calibrated"),
    a verb tells about the word before it ("error rises"); either falls back to the other side."""
    after = _content_word(words, range(index + 1, len(words)))
    before = _content_word(words, range(index - 1, -1, -1))
    return (after or before) if family in _MODIFIERS else (before or after)


def clauses(text: str) -> list[str]:
    """`text` cut at clause boundaries (`;`, `whereas`, `while`, `but`, sentence ends)."""
    return [part.strip() for part in _CLAUSE_BREAK.split(text) if part and part.strip()]


def _topic(clause: str, exclude: set[str] | None = None) -> list[str]:
    words = [w.lower() for w in _WORD.findall(clause) if w != ","]
    return [stem(w) for w in words if w not in STOPWORDS and w not in LEXICON and w not in NEGATORS
            and (exclude is None or w not in exclude)]


def _overlap(a: list[str], b: list[str]) -> float:
    return len(set(a) & set(b)) / max(1, len(set(a)))


def _sides(clause: str, cue: Cue) -> tuple[list[str], list[str]]:
    """Content words before and after a comparison word (direction words included: "lower layers")."""
    words = [w.lower() for w in _WORD.findall(clause) if w != ","]

    def content(part: list[str]) -> list[str]:
        return [stem(w) for w in part if w not in STOPWORDS and w not in ("than", "rather")]

    return content(words[:cue.position]), content(words[cue.position + 1:])


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


def direction_conflict(claim: str, evidence: str, min_overlap: float = 0.5) -> DirectionConflict | None:
    """The first claim clause whose best-matching evidence clause says the opposite direction, if any."""
    evidence_parts = [(part, direction_cues(part), _topic(part)) for part in clauses(evidence)]
    for claim_part in clauses(claim):
        claim_cues = direction_cues(claim_part)
        if not claim_cues:
            continue
        topic = _topic(claim_part)
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
        pool = pool or [e for e in evidence_cues if _related(c, e, overlap)]
        pool = _counterparts(c, rank, claim_cues, pool, evidence_cues)
        signs = {e: _effective_sign(claim_part, c, evidence_part, e) for e in pool}
        if not signs or c.sign in signs.values():
            continue
        e = next(iter(signs))
        return DirectionConflict(c.word, e.word, c.negated, e.negated, signs[e] != e.sign)
    return None


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
    if conflict.swapped:
        evidence += " (with the two sides swapped)"
    return claim, evidence
