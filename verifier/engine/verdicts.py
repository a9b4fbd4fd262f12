"""From a claim's decision to what a reviewer reads: the evidence shown (conflict first for a contradiction) and a
one-sentence explanation naming the conflicting values and where they stand. The verdict itself is decided in
`verifier.engine.decision`."""

from __future__ import annotations

from dataclasses import dataclass

from papers.models import Passage
from verifier.engine.decision import Decision
from verifier.engine.engine_settings import DEFAULT_ENGINE, EngineSettings
from verifier.engine.entities import mentioned, text_forms
from verifier.engine.facts import ClaimFacts, Consistency, NumberConflict
from verifier.engine.polarity import describe
from verifier.engine.quantities import extract_quantities
from verifier.engine.retrieval import PassageIndex
from verifier.engine.scoring import Candidate, EvidenceRecord
from verifier.engine.table_rows import parse_table_row
from verifier.engine.value_matching import values_match
from verifier.models import Evidence, Verdict


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    confidence: float
    evidence: list[Evidence]
    explanation: str
    rules: tuple[str, ...] = ()  # the decision rules that changed the model's verdict


def where(passages: list[Passage]) -> str:
    """"2005.13013v2 p. 3" for the first passage of a piece of evidence."""
    first = passages[0]
    return f"{first.arxiv_id}{first.version or ''} p. {first.page}"


def _quote(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def evidence_of(index: PassageIndex, candidate: Candidate, settings: EngineSettings = DEFAULT_ENGINE) -> Evidence:
    first = index.passages[candidate.indices[0]]
    return Evidence(arxiv_id=first.arxiv_id, version=first.version, page=first.page,
                    quote=_quote(candidate.text, settings.quote_chars),
                    lexical=round(min(1.0, max(0.0, candidate.lexical)), 4),
                    semantic=round(min(1.0, max(0.0, candidate.semantic)), 4), section=first.section)


def _lead(verdict: str, record: EvidenceRecord, settings: EngineSettings) -> tuple[Candidate | None, bool]:
    """The evidence to show first, and whether the table comparison is the reason."""
    table = record.table
    if verdict == "contradicted":
        table_says_so = record.table_conflict and bool(record.table_rows)
        conflict = record.conflict
        name_only = conflict is not None and conflict.consistency.number is None and conflict.consistency.direction is None
        if conflict is not None and not (table_says_so and name_only):
            return conflict, False  # a number or direction conflict says most; a bare name conflict less
        if table_says_so:
            return record.table_rows[0], True
        judged = record.judge.conflict if record.judge is not None else None
        return judged or record.best, False  # the passage the judge finds most contradicting
    if verdict == "supported" and table is not None and table.agrees and record.table_rows and not (
            record.best is not None and record.best.completeness > settings.complete_lead):
        return record.table_rows[0], True
    return record.best, False


def conclude(record: EvidenceRecord, decision: Decision, index: PassageIndex,
             settings: EngineSettings = DEFAULT_ENGINE) -> Judgement:
    """The judgement shown for a decided claim."""
    verdict = decision.verdict
    lead, by_table = _lead(verdict, record, settings)
    chosen: list[Candidate] = []
    extra = list(record.table_rows) if by_table else []
    for candidate in ([lead] if lead else []) + extra + list(record.ranked):
        if len(chosen) < settings.max_evidence and not any(_repeats(candidate, c, index) for c in chosen):
            chosen.append(candidate)
    evidence = [evidence_of(index, c, settings) for c in chosen]
    if by_table and record.table is not None and lead is not None:
        explanation = _table_explanation(verdict, record, lead, index)
    else:
        explanation = explain(verdict, record.facts, lead, index)
    return Judgement(verdict, round(min(1.0, max(0.0, decision.confidence)), 4), evidence, explanation,  # type: ignore[arg-type]
                     decision.fired)


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


def _table_explanation(verdict: str, record: EvidenceRecord, lead: Candidate, index: PassageIndex) -> str:
    place = where([index.passages[i] for i in lead.indices])
    reason = record.table.reason if record.table is not None else ""
    if verdict == "contradicted":
        return f"In {place}, {reason}, which does not fit the claim's comparison; correct the claim."
    return f"Stated by the table in {place} ({reason}); no change needed."


def explain(verdict: str, facts: ClaimFacts, lead: Candidate | None, index: PassageIndex) -> str:
    """One sentence a reviewer can act on."""
    if lead is None:
        return "No passage of the available sources resembles this claim; find a source that states it or remove it."
    place = where([index.passages[i] for i in lead.indices])
    c = lead.consistency
    if verdict == "supported":
        return f"Stated in {place}; no change needed."
    if verdict == "contradicted":
        return _contradiction(c, place, lead)
    if verdict == "partial":
        missing = _missing_parts(facts, c, lead.text)
        return f"{place} states part of this claim but not {missing}; check that part against the source."
    return (f"No passage states this claim (closest: {place}, similarity {lead.semantic:.2f}); "
            "find a source that states it or remove the claim.")


def cell_place(conflict: NumberConflict, lead: Candidate) -> str:
    """", Table 2, row No MLM / SQuAD, column Avg." for a number read from a table row (empty for prose)."""
    if not lead.table:
        return ""
    row = parse_table_row(lead.text)
    if row is None:
        return ""
    evidence = conflict.evidence
    cell = next((cell for cell in row.cells
                 if any(values_match(evidence, q) and abs(q.value - evidence.value) < 1e-9
                        for q in extract_quantities(cell.value))), None)
    column = f", column {cell.header}" if cell is not None and cell.header else ""
    return f", {row.name}, row {row.label}{column}"


def _contradiction(c: Consistency, place: str, lead: Candidate) -> str:
    if c.number is not None:
        cell = cell_place(c.number, lead)
        if cell:
            return (f"{place}{cell} gives {c.number.evidence.text} where the claim says {c.number.claim.text}; "
                    "correct the number.")
        where_in = f" for {c.number.context}" if c.number.context else ""
        return (f"{place} gives {c.number.evidence.text}{where_in} where the claim says {c.number.claim.text}; "
                "correct the number.")
    if c.entity is not None:
        return f"{place} names {c.entity.evidence} where the claim names {c.entity.claim}; correct the name."
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
