"""From a claim's signals and calibrated probabilities to its verdict, confidence, evidence and explanation."""

from __future__ import annotations

from dataclasses import dataclass

from papers.models import Passage
from verifier.engine.consistency import ClaimFacts, Consistency
from verifier.engine.entities import mentioned, text_forms
from verifier.models import Evidence, Verdict
from verifier.engine.polarity import describe
from verifier.engine.quantities import Quantity, extract_quantities, values_match
from verifier.engine.retrieval import PassageIndex
from verifier.engine.scoring import Candidate, ClaimSignals

QUOTE_CHARS = 400
MAX_EVIDENCE = 3


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    confidence: float
    evidence: list[Evidence]
    explanation: str


def where(passages: list[Passage]) -> str:
    """"2005.13013v2 p. 3" for the first passage of a piece of evidence."""
    first = passages[0]
    return f"{first.arxiv_id}{first.version or ''} p. {first.page}"


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def evidence_of(index: PassageIndex, candidate: Candidate) -> Evidence:
    first = index.passages[candidate.indices[0]]
    return Evidence(arxiv_id=first.arxiv_id, version=first.version, page=first.page, quote=_quote(candidate.text),
                    lexical=round(min(1.0, max(0.0, candidate.lexical)), 4),
                    semantic=round(min(1.0, max(0.0, candidate.semantic)), 4), section=first.section)


def _partial(facts: ClaimFacts, best: Candidate | None) -> bool:
    """Part of the claim is stated: some of its numbers or names are found, others are not, and the topic matches."""
    if best is None or best.consistency.conflict or best.consistency.topic < 0.5:
        return False
    c = best.consistency
    some_numbers = bool(facts.quantities) and 0 < c.quantities_found < len(facts.quantities)
    some_names = len(facts.entities) >= 2 and 0 < c.entities_found < len(facts.entities)
    return some_numbers or some_names


def _complete(facts: ClaimFacts, best: Candidate | None) -> bool:
    """The evidence states every number and every name of the claim (a table row the claim names may leave out
    names that its headers abbreviate: `En-De` for an `English-German` column)."""
    if best is None:
        return False
    c = best.consistency
    names = c.entities_found == len(facts.entities) or (c.on_row and bool(facts.quantities))
    return c.quantities_found == len(facts.quantities) and names


def decide(facts: ClaimFacts, signals: ClaimSignals, probabilities: dict[str, float]) -> tuple[Verdict, float]:
    """The most probable class, with rules the contract implies: `supported` needs evidence stating all of the
    claim's numbers and names, or a table comparison that agrees (otherwise the likelier of the other classes), and
    is not given on a table row when that table's comparison disagrees;
    `contradicted` needs a conflict that was seen; `unsupported` becomes `partial` when part of the claim is stated."""
    label = max(probabilities, key=probabilities.get)
    confidence = probabilities[label]
    table_agrees = signals.table is not None and signals.table.agrees
    table_conflict = signals.table is not None and not signals.table.agrees
    if label == "supported" and table_conflict and signals.features.get("table") == 1.0:
        # the support is a table row, and the same table's numbers compare the other way
        label, confidence = "contradicted", probabilities["contradicted"]
    if label == "supported" and not (_complete(facts, signals.best) or table_agrees):
        label = "contradicted" if probabilities["contradicted"] > probabilities["unsupported"] else "unsupported"
        confidence = probabilities[label]  # an overruled model is no more sure of its second choice
    if label == "contradicted" and signals.conflict is None and not table_conflict:
        label = "unsupported"  # the model leans on a conflict it did not see: fall back to the next class
        confidence = probabilities["unsupported"]
    if label == "unsupported" and _partial(facts, signals.best):
        return "partial", confidence
    return label, confidence


def _lead(verdict: Verdict, signals: ClaimSignals) -> tuple[Candidate | None, bool]:
    """The evidence to show first, and whether the table comparison is the reason."""
    table = signals.table
    if verdict == "contradicted":
        table_says_so = table is not None and not table.agrees and bool(signals.table_rows)
        name_only = signals.conflict is not None and signals.conflict.consistency.number is None \
            and signals.conflict.consistency.direction is None
        if signals.conflict is not None and not (table_says_so and name_only):
            return signals.conflict, False  # a number or direction conflict says most; a bare name conflict less
        return (signals.table_rows[0] if signals.table_rows else None), True
    if verdict == "supported" and table is not None and table.agrees and signals.table_rows and not _complete_best(signals):
        return signals.table_rows[0], True
    return signals.best, False


def _complete_best(signals: ClaimSignals) -> bool:
    best = signals.best
    return best is not None and best.completeness > 0.5


def judge(facts: ClaimFacts, signals: ClaimSignals, probabilities: dict[str, float], index: PassageIndex) -> Judgement:
    verdict, confidence = decide(facts, signals, probabilities)
    lead, by_table = _lead(verdict, signals)
    chosen: list[Candidate] = []
    extra = list(signals.table_rows) if by_table else []
    for candidate in ([lead] if lead else []) + extra + list(signals.ranked):
        if len(chosen) < MAX_EVIDENCE and not any(_repeats(candidate, c, index) for c in chosen):
            chosen.append(candidate)
    evidence = [evidence_of(index, c) for c in chosen]
    if by_table and signals.table is not None and lead is not None:
        explanation = _table_explanation(verdict, signals, lead, index)
    else:
        explanation = explain(verdict, facts, lead, index)
    return Judgement(verdict, round(min(1.0, max(0.0, confidence)), 4), evidence, explanation)


def _repeats(candidate: Candidate, shown: Candidate, index: PassageIndex) -> bool:
    """`candidate` would repeat evidence already `shown`: it shares a passage with it (a sentence and the
    two-sentence window holding it), or on the same page one quote holds the other."""
    if set(candidate.indices) & set(shown.indices):
        return True
    a, b = index.passages[candidate.indices[0]], index.passages[shown.indices[0]]
    if (a.arxiv_id, a.version, a.page) != (b.arxiv_id, b.version, b.page):
        return False
    new, old = " ".join(candidate.text.split()), " ".join(shown.text.split())
    return new in old or old in new


def _table_explanation(verdict: Verdict, signals: ClaimSignals, lead: Candidate, index: PassageIndex) -> str:
    place = where([index.passages[i] for i in lead.indices])
    if verdict == "contradicted":
        return f"In {place}, {signals.table.reason}, which does not fit the claim's comparison; correct the claim."
    return f"Stated by the table in {place} ({signals.table.reason}); no change needed."


def _value(q: Quantity) -> str:
    return q.text


def explain(verdict: Verdict, facts: ClaimFacts, lead: Candidate | None, index: PassageIndex) -> str:
    """One sentence a reviewer can act on."""
    if lead is None:
        return "No passage of the available sources resembles this claim; find a source that states it or remove it."
    place = where([index.passages[i] for i in lead.indices])
    c = lead.consistency
    if verdict == "supported":
        return f"Stated in {place}; no change needed."
    if verdict == "contradicted":
        return _contradiction(c, place)
    if verdict == "partial":
        missing = _missing_parts(facts, c, lead.text)
        return f"{place} states part of this claim but not {missing}; check that part against the source."
    return (f"No passage states this claim (closest: {place}, similarity {lead.semantic:.2f}); "
            "find a source that states it or remove the claim.")


def _contradiction(c: Consistency, place: str) -> str:
    if c.number is not None:
        where_in = f" for {c.number.context}" if c.number.context else ""
        return (f"{place} gives {_value(c.number.evidence)}{where_in} where the claim says {_value(c.number.claim)}; "
                "correct the number.")
    if c.entity is not None:
        return (f"{place} names {c.entity.evidence} where the claim names {c.entity.claim}; "
                "correct the name.")
    if c.direction is not None:
        claim_word, evidence_word = describe(c.direction)
        return f"{place} says \u201c{evidence_word}\u201d where the claim says \u201c{claim_word}\u201d; reverse or remove the claim."
    return f"{place} states something incompatible with this claim; check it against the source."


def _missing_parts(facts: ClaimFacts, c: Consistency, text: str) -> str:
    found_q = extract_quantities(text)
    missing = [q.text for q in facts.quantities if not any(values_match(q, e) for e in found_q)]
    forms = text_forms(text)
    missing += [e.text for e in facts.entities if not mentioned(e, forms)]
    return ", ".join(missing[:3]) if missing else "all of it"
