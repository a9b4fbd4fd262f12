"""Does a piece of evidence talk about the same thing as the claim with another number, name or direction?

`facts.claim_facts` analyses a claim once; `check_passages` compares it with one passage or window of passages (by
kind: a table passage is read as its row, by `row_consistency`; the numbers of figures, references and footnotes are
no evidence) and returns a `facts.Consistency`: how much of the claim's topic the evidence covers, which of the
claim's numbers and names it states, and the first conflict of each kind. This module reads prose:

- `number`: a claim number the evidence gives another value for, the same quantity (same kind: "nine tasks" against
  "seven tasks", never "7.0 points" against "# Epochs: 7"), bound to the same name; or a value the claim denies
  ("is not 22.3") that the evidence states;
- `entity`: a name replaced by another, or two names in swapped places (`name_conflicts`); below the topic coverage
  the other conflicts need (`EngineSettings.conflict_topic`), only a name replaced in the same slot of an otherwise
  aligned phrase (`name_conflicts.anchored_name_swap`);
- `direction`: an opposite direction word about the same thing (`polarity`), or a comparison of two names that the
  evidence's numbers for them contradict (`text_comparisons`; `comparison` holds that check either way).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace

from papers.models import EVIDENCE_KINDS, Passage
from verifier.engine.engine_settings import DEFAULT_ENGINE, EngineSettings
from verifier.engine.entities import Entity, extract_entities, mentioned, strong_name, text_forms
from verifier.engine.facts import (
    ClaimFacts,
    Consistency,
    NumberConflict,
    Weights,
    could_be_changed,
    coverage,
    denied_value,
    found_quantities,
    topic_stems,
)
from verifier.engine.name_conflicts import anchored_name_swap, crossed_values, swapped_names, text_entity_conflict
from verifier.engine.polarity import DirectionConflict, direction_conflict
from verifier.engine.quantities import Quantity, extract_quantities
from verifier.engine.row_consistency import check_row
from verifier.engine.table_rows import parse_table_row, row_of
from verifier.engine.text_comparisons import compare_in_text
from verifier.engine.value_matching import values_match


def check(facts: ClaimFacts, evidence: str, weights: Weights | None = None,
          settings: EngineSettings = DEFAULT_ENGINE) -> Consistency:
    """Compare `facts` with an evidence text (a table row when it reads as one); `weights` are stem IDFs.
    Prefer `check_passages`, which knows each passage's kind."""
    row = parse_table_row(evidence) if evidence.lstrip().lower().startswith("table") else None
    if row is not None and row.cells:
        return check_row(facts, row, weights, settings)
    return _check_text(facts, evidence, weights, settings)


def check_passages(facts: ClaimFacts, passages: Sequence[Passage], weights: Weights | None = None,
                   settings: EngineSettings = DEFAULT_ENGINE, subjects: Collection[str] = frozenset()) -> Consistency:
    """Compare `facts` with one passage or a window of passages, by their kinds: a table passage is read as its
    row; the numbers of figure, reference and footnote passages are no evidence (neither found nor conflicting).
    `subjects`: the normal forms of the names the passages' paper is about (`entities.subject_names`), which its
    sentences may leave out: a claim name among them that the evidence does not write still lets a differing
    number or direction count (it is still a name the evidence does not state), and another name counts as its
    replacement only when written in its place (`name_conflicts.anchored_name_swap`)."""
    if len(passages) == 1 and passages[0].kind == "table":
        row = row_of(passages[0])
        if row is not None and row.cells:
            return check_row(facts, row, weights, settings)
    text = " ".join(p.text for p in passages)
    if all(p.kind in EVIDENCE_KINDS for p in passages):
        return _check_text(facts, text, weights, settings, subjects=subjects)
    consistency = _check_text(facts, text, weights, settings, numbers=False, subjects=subjects)
    return replace(consistency, number=None)


def _check_text(facts: ClaimFacts, evidence: str, weights: Weights | None, settings: EngineSettings,
                numbers: bool = True, subjects: Collection[str] = frozenset()) -> Consistency:
    stems = set(topic_stems(evidence))
    forms = text_forms(evidence)
    evidence_quantities = [q for q in extract_quantities(evidence) if q.unit != "year"] if numbers else []
    found = _bound_quantities(facts, evidence, evidence_quantities)
    missing = [e for e in facts.entities if not mentioned(e, forms)]
    skip = {s for e in missing for s in topic_stems(e.text)}
    topic = coverage(facts.stems, stems, skip, weights)
    number = entity = direction = comparison = None
    numbers_stated = all(found_quantities(facts, evidence_quantities))  # the numbers, whoever they belong to
    if topic >= settings.conflict_topic:
        # A difference counts only when everything else agrees: the names for a number or a direction,
        # the numbers for a name.
        if all(e.norm in subjects for e in missing):
            number = _text_number_conflict(facts, evidence, evidence_quantities, found, settings) \
                or denied_value(facts, evidence_quantities)
            direction = direction_conflict(facts.text, evidence)
            comparison = compare_in_text(facts.text, facts.entities, evidence) if numbers else None
            if direction is None and comparison is not None and not comparison.agrees:
                direction = DirectionConflict(comparison.claim_word, comparison.values, comparison.negated, False,
                                              False, comparison.values)
        if missing and numbers_stated and all(e.norm in subjects for e in missing):
            # a sentence may leave out the name its paper is about: only a name written in its very place counts
            entity = anchored_name_swap(facts.text, facts.entities, evidence, missing[0], facts.stems, settings) \
                if len(missing) == 1 else None
        elif missing and numbers_stated:
            entity = text_entity_conflict(facts.text, facts.entities, evidence, missing, topic, settings)
        elif not missing and all(found) and topic >= settings.swapped_roles_topic:
            entity = swapped_names(facts.text, facts.entities, evidence)
    elif len(unexplained := [e for e in missing if e.norm not in subjects]) == 1 and numbers_stated \
            and topic >= settings.anchored_swap_topic:
        # Less of the topic stated: only a name replaced in the same slot of an aligned phrase counts (the names
        # the paper or the sentences before are about may be left out)
        entity = anchored_name_swap(facts.text, facts.entities, evidence, unexplained[0], facts.stems, settings)
    if number is None and settings.anchored_number_topic <= topic < settings.conflict_topic and not missing \
            and len(found) >= 2 and sum(found) == len(found) - 1:
        # less of the topic stated, but every other number and name of the claim is: one replaced by another of the
        # same kind ("1% ... matches a baseline on 25%" against "1% ... as the baseline with 10%") counts
        anchored = _text_number_conflict(facts, evidence, evidence_quantities, found, settings)
        number = anchored if anchored is not None and anchored.claim.kind and \
            anchored.claim.kind == anchored.evidence.kind else None
    if entity is None and number is None and len(facts.quantities) > 1 and topic >= settings.crossed_values_topic:
        entity = crossed_values(facts.text, facts.entities, facts.quantities, evidence, evidence_quantities)
    return Consistency(topic, sum(found), len(facts.entities) - len(missing), number, entity, direction,
                       comparison=comparison)


def _context(text: str, start: int, end: int, width: int = 40) -> set[str]:
    return set(topic_stems(text[max(0, start - width):start] + " " + text[end:end + width]))


def _owner(evidence_entities: list[Entity], q: Quantity) -> Entity | None:
    """The name written nearest to a number (before or after it), which the number most likely belongs to."""
    return min(evidence_entities, key=lambda e: min(abs(q.start - e.end), abs(e.start - q.end)), default=None)


def _bound_quantities(facts: ClaimFacts, evidence: str, quantities: list[Quantity]) -> list[bool]:
    """Which claim numbers the evidence states *about the claim's names*. When the evidence names one of the claim's
    names, a number counts only if its sentence names nothing, or one of the claim's names is the name written
    nearest to it or the sentence's first name (its subject): "B, built from A and C, has 1,000 examples" does not
    state "A has 1,000 examples". Evidence naming none of the claim's names is left to the name checks."""
    names = extract_entities(evidence)
    claim_forms = text_forms(facts.text)
    strong_forms = text_forms(" ".join(e.text for e in facts.entities if strong_name(e.text)))
    if not strong_forms or not any(mentioned(name, strong_forms) for name in names):
        return found_quantities(facts, quantities)

    def bound(e: Quantity) -> bool:
        sentence = _same_sentence(names, evidence, e)
        return not sentence or any(owner is not None and mentioned(owner, claim_forms)
                                   for owner in (_owner(sentence, e), sentence[0]))

    return [any(values_match(q, e) and bound(e) for e in quantities) for q in facts.quantities]


_SENTENCE_BREAK = re.compile(r"[.!?;](?=\s)")


def _same_sentence(names: list[Entity], text: str, q: Quantity) -> list[Entity]:
    """The names in the sentence (or semicolon clause) that holds `q`."""
    start = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, q.start)), default=0)
    following = _SENTENCE_BREAK.search(text, q.end)
    end = following.start() if following else len(text)
    return [e for e in names if e.start >= start and e.end <= end]


_LEAD_STEMS, _LEAD_REACH = 3, 8  # content words, and words at most, that lead up to a number


def _lead_stems(text: str, q: Quantity) -> set[str]:
    """The last few content stems of the words that lead up to a number in its own phrase (not past another number
    or a sentence mark): what the number measures when its noun comes first ("backward perplexity is 39.7")."""
    lead: list[str] = []
    for word in reversed(text[max(0, q.start - 80):q.start].split()[-_LEAD_REACH:]):
        if len(lead) == _LEAD_STEMS or any(c.isdigit() for c in word) or word[-1] in ".;:!?)" or word[0] == "(":
            break
        lead += topic_stems(word)
    return set(lead)


def _text_number_conflict(facts: ClaimFacts, evidence: str, quantities: list[Quantity], found: list[bool],
                          settings: EngineSettings = DEFAULT_ENGINE) -> NumberConflict | None:
    """A claim number replaced by another in the same context. Only one claim number may differ: when several do,
    the evidence describes another setting (another sparsity level, another language)."""
    unmatched_claim = [q for q, ok in zip(facts.quantities, found) if not ok]
    if len(unmatched_claim) != 1:
        return None
    names = extract_entities(evidence)
    claim_forms = text_forms(facts.text)
    kinds = {q.kind for q in unmatched_claim if q.kind}
    leads = [_lead_stems(facts.text, q) for q in unmatched_claim]

    def owned(e: Quantity) -> bool:
        """The number counts what an unmatched claim number counts, is led up to by the same words, or belongs to
        none of the other names."""
        owner = _owner(names, e)
        if e.kind in kinds or owner is None or mentioned(owner, claim_forms):
            return True
        lead = _lead_stems(evidence, e)
        return any(len(lead & stems) >= settings.number_lead_stems for stems in leads)

    unmatched_evidence = [e for e in quantities if not any(values_match(q, e) for q in facts.quantities) and owned(e)]
    best, best_score = None, -1.0
    for q in unmatched_claim:
        claim_context = _context(facts.text, q.start, q.end)
        for e in unmatched_evidence:
            if not could_be_changed(q, e):
                continue
            score = len(claim_context & _context(evidence, e.start, e.end)) + (0.5 if q.unit == e.unit else 0.0) \
                + (1.0 if q.kind and q.kind == e.kind else 0.0)
            if score > best_score:
                best, best_score = NumberConflict(q, e), score
    single = len(unmatched_evidence) == 1
    return best if best is not None and (best_score >= 1.0 or single) else None
