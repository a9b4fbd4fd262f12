"""Retrieval: BM25 against a slow obvious reference, candidate windows, truncated claims, lexical scores."""

from __future__ import annotations

import math

import numpy as np
import pytest

from papers.models import Passage
from verifier.embedding.embedders import HashingEmbedder
from verifier.engine.retrieval import bm25_scores, build_index, candidate_groups, cosine_scores, top, visible_text
from verifier.engine.scoring import lexical_score
from verifier.engine.words import content_stems

SENTENCES = [
    "Intermediate-task training on SQuAD yields a target-task improvement of 8.2 points.",
    "MNLI yields an improvement of 7.5 points and HellaSwag 7.0 points.",
    "XNLI does not see benefits from intermediate training.",
    "We use the pretrained XLM-R Large model as a starting point for all experiments.",
    "BUCC and Tatoeba are sentence retrieval tasks without training data.",
]


def passages(texts=SENTENCES, page=1) -> list[Passage]:
    return [Passage(arxiv_id="2005.13013", version="v2", page=page, text=t) for t in texts]


def reference_bm25(texts: list[str], query: str, k1: float = 1.2, b: float = 0.75) -> list[float]:
    """BM25 written out term by term, the textbook way."""
    docs = [content_stems(t) for t in texts]
    average = sum(len(d) for d in docs) / len(docs)
    scores = []
    for doc in docs:
        total = 0.0
        for term in set(content_stems(query)):
            df = sum(1 for d in docs if term in d)
            if not df:
                continue
            idf = math.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
            tf = doc.count(term)
            total += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(doc) / average))
        scores.append(total)
    return scores


@pytest.mark.parametrize("query", ["SQuAD improvement of 8.2 points", "training data for retrieval tasks", "nothing alike"])
def test_bm25_matches_the_reference(query):
    index = build_index(passages(), HashingEmbedder())
    assert np.allclose(bm25_scores(index, query), reference_bm25(SENTENCES, query), atol=1e-5)


def test_top_orders_best_first():
    assert top(np.array([0.1, 0.9, 0.5, 0.9]), 3)[:2] in ([1, 3], [3, 1])
    assert top(np.array([0.1, 0.9, 0.5]), 2) == [1, 2]
    assert top(np.zeros(0), 3) == []


def test_truncated_claims_keep_their_visible_words():
    assert visible_text("The ANLI+ task contains 1,104,934 training exa", True) == "The ANLI+ task contains 1,104,934 training"
    assert visible_text("A full claim.", False) == "A full claim."


def test_partial_ratio_scores_a_truncated_prefix_as_verbatim():
    claim = visible_text("We use the pretrained XLM-R Large model as a starting po", True)
    assert lexical_score(claim, SENTENCES[3], truncated=True) == 1.0
    assert lexical_score(claim, SENTENCES[0], truncated=True) < 0.6


def test_candidates_include_both_rankings_and_neighbour_windows():
    index = build_index(passages(), HashingEmbedder())
    query = "SQuAD yields an improvement of 8.2 points"
    vector = HashingEmbedder().embed([query])[0]
    cosines = cosine_scores(index, vector)
    assert cosines.shape == (len(SENTENCES),)
    groups = candidate_groups(index, query, cosines, k=2)
    singles = [g[0] for g in groups if len(g) == 1]
    assert singles[0] == 0
    assert (0, 1) in groups  # the best passage and its next sentence, as a window


def test_windows_stay_within_one_paper():
    mixed = passages(SENTENCES[:2]) + [Passage(arxiv_id="2104.07412", page=1, text=SENTENCES[2])]
    index = build_index(mixed, HashingEmbedder())
    assert index.neighbours(1) == [0]


def test_evidence_lists_no_quote_twice():
    from verifier.engine.checker import ClaimChecker, ClaimToCheck

    texts = ["Intermediate-task training on SQuAD yields a target-task improvement of 8.2 points.",
             "MNLI yields an improvement of 7.5 points and HellaSwag 7.0 points.",
             "XNLI does not see benefits from intermediate training."]
    checker = ClaimChecker(HashingEmbedder())
    (outcome,) = checker.check(checker.index(passages(texts)), [ClaimToCheck(texts[0])])
    quotes = [e.quote for e in outcome.judgement.evidence]
    assert quotes and len(quotes) == len(set(quotes))
    for i, quote in enumerate(quotes):  # no sentence shown twice, alone or inside a two-sentence window
        assert not any(quote in other or other in quote for j, other in enumerate(quotes) if j != i)


def test_checking_claims_together_equals_checking_each_alone():
    """`check` scores every claim against the index in one matrix product; each claim's outcome must be the one
    it gets alone (the per-claim reference path)."""
    from verifier.engine.checker import ClaimChecker, ClaimToCheck

    claims = [ClaimToCheck("SQuAD yields an improvement of 8.2 points"), ClaimToCheck("XNLI sees large benefits"),
              ClaimToCheck("HellaSwag improves by 9.0 points and MNLI by 7.5", truncated=True),
              ClaimToCheck("Nothing here matches any passage at all")]
    checker = ClaimChecker(HashingEmbedder())
    index = checker.index(passages())
    together = checker.check(index, claims)
    alone = [checker.check(index, [claim])[0] for claim in claims]
    assert [o.judgement.verdict for o in together] == [o.judgement.verdict for o in alone]
    for a, b in zip(together, alone):
        assert a.judgement.confidence == pytest.approx(b.judgement.confidence, abs=1e-6)
        assert [e.quote for e in a.judgement.evidence] == [e.quote for e in b.judgement.evidence]
    assert checker.check(index, []) == []
