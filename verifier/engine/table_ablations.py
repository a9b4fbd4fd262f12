"""Claims about an ablation ("removing X lowers BLEU", "dropping the X task improves MNLI"), checked against the
table row that takes X away ("w/o X", "- X", "No X") and the row of the full model it is measured against.

The removed part is matched to the claim's words by spelling, by abbreviation (`psg` for passages, letters in
order) or by initials (`NSP` for next sentence prediction). The full model is the nearest row above the ablated one
that removes nothing (ablation tables list the full model first, then what each removal leaves). The comparison is
read like any other (`table_comparisons`): the ablated row is what the claim's direction word says, against the full
model, in the columns the claim names, with the measure's direction.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from grammar.lexicon import REMOVALS, STOPWORDS, stem, tokens
from verifier.engine.facts import ClaimFacts
from verifier.engine.polarity import LEXICON, Comparison
from verifier.engine.row_consistency import abbreviates_word
from verifier.engine.table_rows import TableRowRef

_REMOVAL = re.compile(r"\b(?:removal\s+of|" + "|".join(sorted(REMOVALS)) + r")\s+", re.I)
_ABLATED_ROW = re.compile(r"^(?:(?:w/o|without|no|minus)\s+|[-–−]\s*)(?=\S)(.+)$", re.I)
_PHRASE_END = frozenset("from on in at to for of with by leads lead results result yields yield gives give causes "
                        "cause would will does do is are was were has have had when while which that than as".split())
_PHRASE_WORDS = 8  # words at most in a removed part ("residual connections and the hierarchical attention")


def removed_parts(text: str) -> list[tuple[int, list[str]]]:
    """(token position of the removal word, the words of what is removed) for each removal the claim states."""
    found = []
    for match in _REMOVAL.finditer(text):
        position = len(tokens(text[:match.start()]))
        words: list[str] = []
        for word in tokens(text[match.end():], ",")[:_PHRASE_WORDS]:
            if word in _PHRASE_END or word in LEXICON or not word[:1].isalnum():
                break
            if words or word not in STOPWORDS:  # not the determiner before it ("removing the passages")
                words.append(word)
        if words:
            found.append((position, words))
    return found


def ablated_part(label: str) -> str | None:
    """What an ablation row takes away ("w/o psg" -> "psg", "- Hierachical-Attn", "No NSP"), or None."""
    match = _ABLATED_ROW.match(label.strip())
    return match.group(1).strip() if match else None


def _initials(part: str, words: list[str]) -> bool:
    """An acronym of consecutive words: `NSP` for next sentence prediction."""
    letters = part.lower()
    content = [w for w in words if w not in STOPWORDS]
    return part.isupper() and len(part) >= 2 and any(
        "".join(w[0] for w in content[i:i + len(letters)]) == letters for i in range(len(content) - len(letters) + 1))


def names_removed(part: str, words: list[str]) -> bool:
    """Whether an ablation row's removed `part` is what the claim's removed `words` name."""
    if _initials(part, words):
        return True
    pieces = [p.lower() for p in re.split(r"[\s/\-_]+", part) if len(p) >= 2]
    stems = {stem(w) for w in words}
    return bool(pieces) and all(stem(p) in stems or any(abbreviates_word(p, w) for w in words if len(w) > len(p))
                                for p in pieces)


def _baseline(rows: list[TableRowRef], ablated: int) -> TableRowRef | None:
    """The nearest row above `ablated` that removes nothing."""
    for r in reversed(rows[:ablated]):
        if ablated_part(r.row.label) is None:
            return r
    return None


CompareRows = Callable[[str, TableRowRef, TableRowRef], "tuple[bool, str, list[int]] | None"]


def check_ablation(cues: list[Comparison], facts: ClaimFacts, rows: list[TableRowRef],
                   compare: CompareRows) -> tuple[tuple, bool] | None:
    """(the comparison of the ablated row with the full model's, the cue's negation) when the claim states a removal
    this table's rows ablate and a direction for it, else None. `compare(kind, ablated, full)` reads the columns."""
    removals = removed_parts(facts.text)
    if not removals:
        return None
    removal_positions = {position for position, _ in removals}
    cue = next((c for c in cues if c.position not in removal_positions), None)
    if cue is None:
        return None
    for i, r in enumerate(rows):
        part = ablated_part(r.row.label)
        if part is None or not any(names_removed(part, words) for _, words in removals):
            continue
        full = _baseline(rows, i)
        if full is not None and (result := compare(cue.kind, r, full)) is not None:
            return result, cue.negated
    return None
