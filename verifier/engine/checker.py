"""The claim checker: retrieval, scoring, calibrated probabilities and verdicts for a list of claims against one
set of passages. Report-level concerns (references, findings, marks) live in `verifier.audit.report`."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, replace

import numpy as np

from papers.models import Passage
from verifier.embedding.embedders import Embedder
from verifier.engine import judge as pair_judge
from verifier.engine.calibration import Calibrator, load_calibrator
from verifier.engine.decision import decide
from verifier.engine.engine_settings import DEFAULT_ENGINE, EngineSettings
from verifier.engine.entities import subject_names
from verifier.engine.facts import ClaimFacts, claim_facts
from verifier.engine.features import compute_features
from verifier.engine.judgement_store import JudgementStore, Ruling, checker_identity, ruling_key
from verifier.engine.retrieval import PassageIndex, build_index, candidate_groups, cosine_scores, visible_text
from verifier.engine.scoring import Candidate, EvidenceRecord, evidence_record, named_rows, score_candidate
from verifier.engine.table_comparisons import check_tables, tables_of
from verifier.engine.verdicts import Judgement, conclude


def passages_digest(passages: list[Passage]) -> bytes:
    """A key for a list of passages that depends on their content and order only."""
    digest = hashlib.blake2b(digest_size=16)
    for passage in passages:
        digest.update(passage.model_dump_json().encode("utf-8"))
        digest.update(b"\x00")
    return digest.digest()


def paper_subjects(passages: list[Passage], settings: EngineSettings = DEFAULT_ENGINE) -> dict[str, frozenset[str]]:
    """Per paper (arXiv id), the names it is about, read from its running text (`entities.subject_names`)."""
    texts: dict[str, list[str]] = {}
    for passage in passages:
        if passage.kind == "text" and not passage.caption_sentence:
            texts.setdefault(passage.arxiv_id, []).append(passage.text)
    return {paper: subject_names(found, settings.subject_share, settings.subject_passages, settings.subject_names)
            for paper, found in texts.items()}


@dataclass(frozen=True)
class ClaimToCheck:
    text: str
    truncated: bool = False


@dataclass(frozen=True)
class Outcome:
    """Everything the engine concluded about one claim."""

    judgement: Judgement
    probabilities: dict[str, float]  # the calibrated model's, before the decision rules
    record: EvidenceRecord
    facts: ClaimFacts


class ClaimChecker:
    """Checks claims against passages with one embedder, the learned judge trained for it (when there is one), the
    calibration coefficients of that setting (`judged` or `plain`) and the engine settings.

    `judge`: a `PairJudge`, or False for none; by default the shipped judge when it was trained for `embedder`.
    `store`: where `rulings` remembers judgements across runs (`JudgementStore`); None remembers nothing.
    """

    def __init__(self, embedder: Embedder, calibrator: Calibrator | None = None, settings: EngineSettings | None = None,
                 judge: pair_judge.PairJudge | bool | None = None, store: JudgementStore | None = None):
        self.embedder = embedder
        self.settings = settings or DEFAULT_ENGINE
        if judge is None or judge is True:
            self.judge = pair_judge.load_judge(embedder.name)
        else:
            self.judge = judge or None
        self.calibrator = calibrator or load_calibrator(variant="judged" if self.judge is not None else "plain")
        self.store = store
        self._indexes: dict[bytes, PassageIndex] = {}
        self.indexes_built = 0
        self.claims_checked = 0  # claims judged by the engine, not read back from the store (for tests, benchmarks)

    @functools.cached_property
    def identity(self) -> bytes:
        """A digest of everything besides the claim and the passages that decides a judgement."""
        judge = b"none" if self.judge is None else b"".join(a.tobytes() for a in self.judge.arrays().values())
        return checker_identity([self.settings.model_dump_json(), self.embedder.name, self.calibrator.to_json(), judge])

    def rulings(self, passages: list[Passage], claims: list[ClaimToCheck]) -> list[Ruling]:
        """Each claim's judgement and probabilities against `passages` (at least one): those the store remembers
        are read back, the others checked and remembered; the index is built only when some claim needs it."""
        if self.store is None:
            return [Ruling(o.judgement, o.probabilities) for o in self.check(self.index(passages), claims)]
        content = passages_digest(passages)
        keys = [ruling_key(self.identity, content, c.text, c.truncated) for c in claims]
        known = self.store.get_many(keys)
        first: dict[bytes, int] = {}  # a claim written twice is judged once
        for i, key in enumerate(keys):
            if key not in known:
                first.setdefault(key, i)
        todo = list(first.values())
        if todo:
            outcomes = self.check(self.index(passages, content), [claims[i] for i in todo])
            fresh = [(keys[i], Ruling(o.judgement, o.probabilities)) for i, o in zip(todo, outcomes)]
            self.store.put_many(fresh)
            known.update(fresh)
        return [known[key] for key in keys]

    def index(self, passages: list[Passage], key: bytes | None = None) -> PassageIndex:
        """The index of `passages`, built once per distinct content (the one index cache: the last few are kept),
        so a batch of reports citing the same papers indexes them once. `key`: `passages_digest(passages)`."""
        key = key or passages_digest(passages)
        if key not in self._indexes:
            if len(self._indexes) >= 8:
                self._indexes.pop(next(iter(self._indexes)))
            built = build_index(passages, self.embedder)
            built.tables = tables_of(built.passages)  # grouped once, when the index is made; never written later
            built.subjects = paper_subjects(built.passages, self.settings)
            self._indexes[key] = built
            self.indexes_built += 1
        return self._indexes[key]

    def check(self, index: PassageIndex, claims: list[ClaimToCheck]) -> list[Outcome]:
        """One outcome per claim, in order. `index` must hold at least one passage."""
        if not claims:
            return []
        self.claims_checked += len(claims)
        queries = [visible_text(c.text, c.truncated, index.idf) for c in claims]
        vectors = self.embedder.embed(queries)
        cosines = index.vectors @ vectors.T if len(index) else np.zeros((0, len(claims)), dtype=np.float32)
        return [self._check_one(index, claim, query, vector, np.ascontiguousarray(cosines[:, k]))
                for k, (claim, query, vector) in enumerate(zip(claims, queries, vectors))]

    def _check_one(self, index: PassageIndex, claim: ClaimToCheck, query: str, vector: np.ndarray,
                   cosines: np.ndarray) -> Outcome:
        record = self.record(index, claim, query, vector, cosines)
        probabilities = self.calibrator.probabilities(record.features)
        decision = decide(record, probabilities, self.calibrator, self.settings)
        return Outcome(conclude(record, decision, index, self.settings), probabilities, record, record.facts)

    def scored_candidates(self, index: PassageIndex, claim: ClaimToCheck, query: str, facts: ClaimFacts,
                          cosines: np.ndarray) -> list[Candidate]:
        """The claim's candidate passages and windows, scored (`cosines`: every passage's, with the claim)."""
        groups = candidate_groups(index, query, cosines, self.settings.candidates)
        groups += named_rows(index, groups, facts, self.settings)
        return [score_candidate(index, g, facts, query, claim.truncated, cosines, self.settings) for g in groups]

    def record(self, index: PassageIndex, claim: ClaimToCheck, query: str, vector: np.ndarray,
               cosines: np.ndarray | None = None) -> EvidenceRecord:
        """The claim's evidence record, the judge's reading and the registered features included. `cosines`:
        `cosine_scores(index, vector)`, when the caller computed it for several claims at once."""
        facts = claim_facts(query, claim.truncated)
        if cosines is None:
            cosines = cosine_scores(index, vector)
        scored = self.scored_candidates(index, claim, query, facts, cosines)
        table = check_tables(facts, index.tables if index.tables is not None else tables_of(index.passages))
        rows = tuple(score_candidate(index, (i,), facts, query, claim.truncated, cosines, self.settings)
                     for i in table.rows) if table else ()
        record = evidence_record(facts, scored, index, table, rows, self.settings)
        if self.judge is not None:
            read = sorted(scored, key=lambda c: -c.support)[: self.settings.judge_candidates]
            reading = pair_judge.read(self.judge, facts, vector, index.vectors, read, record.best)
            record = replace(record, judge=reading)
        return replace(record, features=compute_features(record))
