"""Candidate passages for a claim: BM25 over stems plus cosine similarity of sentence embeddings.

A truncated claim is judged on every complete token it shows: only a last word cut mid-way is dropped. Candidates are the
union of both rankings' top entries; neighbouring sentences are also offered as two-sentence windows, because
generated claims often merge two adjacent sentences of the source.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from grammar.lexicon import STOPWORDS, stem
from papers.models import Passage
from verifier.embedding.embedders import Embedder
from verifier.engine.words import content_stems

K1, B = 1.2, 0.75


def visible_text(text: str, truncated: bool, vocabulary: Collection[str] | None = None) -> str:
    """The claim as it can be judged. A truncated claim keeps every complete token: its last word is dropped only
    when it may have been cut mid-way, that is when it is a word whose stem is neither in `vocabulary` (the stems of
    the sources, e.g. `PassageIndex.idf`) nor a stop word. A last number is kept (the claim's facts read it as a
    prefix that may have lost digits: `claim_facts(text, truncated=True)`)."""
    text = text.strip()
    if truncated and " " in text:
        head, last = text.rsplit(" ", 1)
        word = last.strip(" ,;:-()").lower()
        complete = (word[:1].isdigit() and bool(re.fullmatch(r"[\d.,%]+", word))) or word in STOPWORDS \
            or (vocabulary is not None and bool(word) and stem(word) in vocabulary)
        if not complete:
            text = head
    return text.rstrip(" ,;:-")


@dataclass
class PassageIndex:
    """All passages of the available sources, with BM25 postings and unit embedding rows."""

    passages: list[Passage]
    vectors: np.ndarray
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    lengths: np.ndarray = field(default_factory=lambda: np.zeros(0))
    tables: dict | None = None  # rows grouped by table, built on first use (verifier.engine.table_comparisons.tables_of)
    subjects: dict[str, frozenset[str]] = field(default_factory=dict)  # per paper: `entities.subject_names`

    def __len__(self) -> int:
        return len(self.passages)

    def neighbours(self, i: int) -> list[int]:
        """Indices of the passages just before and after `i` that a window may join to it (`_same_flow`)."""
        found = []
        for j in (i - 1, i + 1):
            if 0 <= j < len(self.passages) and _same_flow(self.passages[i], self.passages[j]):
                found.append(j)
        return found


def _same_flow(a: Passage, b: Passage) -> bool:
    """Two passages one window may join: running text of the same paper on the same or the next page, or two
    sentences of one table's caption (never a caption sentence and the running text beside it)."""
    if a.arxiv_id != b.arxiv_id or a.version != b.version or a.kind != "text" or b.kind != "text":
        return False
    if a.caption_sentence or b.caption_sentence:
        return a.table == b.table  # both sentences of one caption (their records are equal)
    return abs(a.page - b.page) <= 1


def build_index(passages: list[Passage], embedder: Embedder) -> PassageIndex:
    """Index `passages` lexically and by embedding (the embedder may serve cached vectors)."""
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    lengths = np.zeros(len(passages), dtype=np.float32)
    for i, passage in enumerate(passages):
        stems = content_stems(passage.text)
        lengths[i] = len(stems)
        for stem_, count in Counter(stems).items():
            postings[stem_].append((i, count))
    n = max(1, len(passages))
    idf = {s: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for s, p in postings.items()}
    vectors = embedder.embed([p.text for p in passages]) if passages else np.zeros((0, 1), dtype=np.float32)
    return PassageIndex(passages, vectors, dict(postings), idf, lengths)


def bm25_scores(index: PassageIndex, query: str) -> np.ndarray:
    """BM25 score of every passage for `query`."""
    scores = np.zeros(len(index), dtype=np.float32)
    if not len(index):
        return scores
    average = float(index.lengths.mean()) or 1.0
    for stem_ in sorted(set(content_stems(query))):  # sorted: float sums independent of hash order
        for i, count in index.postings.get(stem_, ()):
            norm = count + K1 * (1 - B + B * index.lengths[i] / average)
            scores[i] += index.idf[stem_] * count * (K1 + 1) / norm
    return scores


def cosine_scores(index: PassageIndex, vector: np.ndarray) -> np.ndarray:
    """Cosine similarity of every passage with a unit query vector."""
    if not len(index):
        return np.zeros(0, dtype=np.float32)
    return index.vectors @ vector


def top(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the `k` highest scores (positive BM25 only), best first."""
    if scores.size == 0:
        return []
    k = min(k, scores.size)
    best = np.argpartition(-scores, k - 1)[:k]
    return [int(i) for i in best[np.argsort(-scores[best])]]


def candidate_groups(index: PassageIndex, query: str, cosines: np.ndarray, k: int = 8) -> list[tuple[int, ...]]:
    """Passage groups worth checking (single passages and two-sentence windows), from the query's BM25 scores and
    `cosines`, every passage's cosine with the query (`cosine_scores`)."""
    lexical = bm25_scores(index, query)
    chosen = [i for i in top(lexical, k) if lexical[i] > 0]
    chosen += [i for i in top(cosines, k) if i not in chosen]
    groups: list[tuple[int, ...]] = [(i,) for i in chosen]
    for i in chosen[: k // 2 + 1]:
        for j in index.neighbours(i):
            pair = (min(i, j), max(i, j))
            if pair not in groups:
                groups.append(pair)
    return groups
