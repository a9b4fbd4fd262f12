"""The claim checker: retrieval, scoring, calibrated probabilities and verdicts for a list of claims against one
set of passages. Report-level concerns (references, findings, marks) live in `verifier.audit.report`."""

from __future__ import annotations

from dataclasses import dataclass

from papers.models import Passage
from verifier.engine.calibration import Calibrator, load_calibrator
from verifier.engine.consistency import ClaimFacts, claim_facts
from verifier.embedding.embedders import Embedder
from verifier.engine.retrieval import PassageIndex, build_index, candidate_groups, visible_text
from verifier.engine.scoring import ClaimSignals, claim_signals, score_candidate
from verifier.engine.table_comparisons import check_tables, tables_of
from verifier.engine.verdicts import Judgement, judge


@dataclass(frozen=True)
class ClaimToCheck:
    text: str
    truncated: bool = False


@dataclass(frozen=True)
class Outcome:
    """Everything the engine concluded about one claim."""

    judgement: Judgement
    probabilities: dict[str, float]
    signals: ClaimSignals
    facts: ClaimFacts


class ClaimChecker:
    """Checks claims against passages with one embedder and one set of calibration coefficients."""

    def __init__(self, embedder: Embedder, calibrator: Calibrator | None = None, candidates: int = 8):
        self.embedder = embedder
        self.calibrator = calibrator or load_calibrator()
        self.candidates = candidates
        self._indexes: dict[tuple, tuple[list[Passage], PassageIndex]] = {}

    def index(self, passages: list[Passage]) -> PassageIndex:
        """The index of `passages`. The same passage objects give the same index (the last few are kept, with their
        passages, so ids stay valid): a batch of reports citing the same papers indexes them once."""
        key = tuple(id(p) for p in passages)
        if key not in self._indexes:
            if len(self._indexes) >= 8:
                self._indexes.pop(next(iter(self._indexes)))
            self._indexes[key] = (list(passages), build_index(passages, self.embedder))
        return self._indexes[key][1]

    def check(self, index: PassageIndex, claims: list[ClaimToCheck]) -> list[Outcome]:
        """One outcome per claim, in order. `index` must hold at least one passage."""
        queries = [visible_text(c.text, c.truncated) for c in claims]
        vectors = self.embedder.embed(queries) if queries else []
        return [self._check_one(index, claim, query, vector) for claim, query, vector in zip(claims, queries, vectors)]

    def _check_one(self, index: PassageIndex, claim: ClaimToCheck, query: str, vector) -> Outcome:
        facts = claim_facts(query)
        groups, cosines = candidate_groups(index, query, vector, self.candidates)
        scored = [score_candidate(index, g, facts, query, claim.truncated, cosines) for g in groups]
        if index.tables is None:
            index.tables = tables_of(index.passages)
        table = check_tables(facts, index.tables)
        rows = tuple(score_candidate(index, (i,), facts, query, claim.truncated, cosines) for i in table.rows) if table else ()
        signals = claim_signals(facts, scored, index, table, rows)
        probabilities = self.calibrator.probabilities(signals.features)
        return Outcome(judge(facts, signals, probabilities, index), probabilities, signals, facts)
