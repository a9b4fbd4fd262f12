"""A BERT sentence encoder with mean pooling, computed directly from a sentence-transformers folder.

Reads `tokenizer.json` (Hugging Face `tokenizers`), `model.safetensors` (with `safetensors.numpy`) and
`config.json`, without importing sentence-transformers. One forward pass, written twice:
* `forward`, plain numpy: used for small jobs (a report's claims), since `import torch` alone costs 1-2 s on the
  project's 2-core machine while numpy embeds twenty claims in ~0.3 s;
* `torch_forward`, the same arithmetic in torch: used for large jobs (every passage of a new paper), where torch's
  fused kernels run ~2.5 times faster and its import is paid once.
Both give the vectors of sentence-transformers to float32 rounding; the tests check numpy against torch and torch
against sentence-transformers. Nothing is read until the first text is embedded.
"""

from __future__ import annotations

import contextlib
import functools
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from verifier.errors import VerifierError

# Abramowitz & Stegun 7.1.26: |error| <= 1.5e-7, below float32 resolution near 1.
_ERF_P = np.float32(0.3275911)
_ERF_A = tuple(np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))
_SQRT_HALF = np.float32(np.sqrt(0.5))


def erf(x: np.ndarray) -> np.ndarray:
    """The error function, elementwise, in float32 (numpy has none, and scipy is not needed for it)."""
    z = np.abs(x)
    t = np.float32(1.0) / (np.float32(1.0) + _ERF_P * z)
    poly = _ERF_A[0]
    for a in _ERF_A[1:]:
        poly = poly * t + a
    y = np.float32(1.0) - poly * t * np.exp(-z * z)
    return np.copysign(y, x)


def gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x)."""
    return np.float32(0.5) * x * (np.float32(1.0) + erf(x * _SQRT_HALF))


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + np.float32(eps)) * weight + bias


@dataclass(frozen=True)
class Layer:
    """One post-norm transformer layer, its weights transposed for `x @ w` and query/key/value fused."""

    qkv: np.ndarray
    qkv_bias: np.ndarray
    output: np.ndarray
    output_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    inner: np.ndarray
    inner_bias: np.ndarray
    outer: np.ndarray
    outer_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class BertWeights:
    words: np.ndarray
    positions: np.ndarray
    token_type: np.ndarray
    norm: tuple[np.ndarray, np.ndarray]
    layers: tuple[Layer, ...]
    heads: int
    eps: float

    @classmethod
    def from_state(cls, state: dict[str, np.ndarray], config: dict) -> BertWeights:
        w = {k.removeprefix("bert."): np.asarray(v, dtype=np.float32) for k, v in state.items()
             if np.issubdtype(v.dtype, np.floating)}

        def pair(prefix: str) -> tuple[np.ndarray, np.ndarray]:
            return w[prefix + ".weight"], w[prefix + ".bias"]

        layers = []
        for n in range(config["num_hidden_layers"]):
            p = f"encoder.layer.{n}"
            names = [f"{p}.attention.self.{part}" for part in ("query", "key", "value")]
            layers.append(Layer(
                qkv=np.ascontiguousarray(np.concatenate([w[f"{x}.weight"] for x in names]).T),
                qkv_bias=np.concatenate([w[f"{x}.bias"] for x in names]),
                output=np.ascontiguousarray(w[f"{p}.attention.output.dense.weight"].T),
                output_bias=w[f"{p}.attention.output.dense.bias"],
                norm1=pair(f"{p}.attention.output.LayerNorm"),
                inner=np.ascontiguousarray(w[f"{p}.intermediate.dense.weight"].T),
                inner_bias=w[f"{p}.intermediate.dense.bias"],
                outer=np.ascontiguousarray(w[f"{p}.output.dense.weight"].T),
                outer_bias=w[f"{p}.output.dense.bias"],
                norm2=pair(f"{p}.output.LayerNorm"),
            ))
        return cls(words=w["embeddings.word_embeddings.weight"], positions=w["embeddings.position_embeddings.weight"],
                   token_type=w["embeddings.token_type_embeddings.weight"][0], norm=pair("embeddings.LayerNorm"),
                   layers=tuple(layers), heads=int(config["num_attention_heads"]),
                   eps=float(config.get("layer_norm_eps", 1e-12)))


def forward(weights: BertWeights, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Embeddings, the post-norm transformer layers, masked mean pooling, L2 normalisation: (batch, hidden)."""
    batch, length = ids.shape
    hidden = weights.words.shape[1]
    size = hidden // weights.heads
    x = weights.words[ids] + weights.positions[:length] + weights.token_type
    x = layer_norm(x, *weights.norm, weights.eps)
    # padded keys get -inf before the softmax (every row keeps at least its [CLS] token)
    key_bias = np.where(mask[:, None, None, :] > 0, np.float32(0.0), np.float32(-np.inf)).astype(np.float32)
    scale = np.float32(1.0 / np.sqrt(size))
    for layer in weights.layers:
        qkv = x @ layer.qkv + layer.qkv_bias
        qkv = qkv.reshape(batch, length, 3, weights.heads, size).transpose(2, 0, 3, 1, 4)
        scores = (qkv[0] * scale) @ qkv[1].transpose(0, 1, 3, 2) + key_bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ qkv[2]).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
        x = layer_norm(context @ layer.output + layer.output_bias + x, *layer.norm1, weights.eps)
        inner = gelu(x @ layer.inner + layer.inner_bias)
        x = layer_norm(inner @ layer.outer + layer.outer_bias + x, *layer.norm2, weights.eps)
    keep = mask[:, :, None].astype(np.float32)
    pooled = (x * keep).sum(axis=1) / np.maximum(keep.sum(axis=1), np.float32(1e-9))
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.maximum(norms, np.float32(1e-12))).astype(np.float32)


def torch_forward(torch, weights: BertWeights, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """`forward` in torch (same weights, same steps), for large batches."""
    functional = torch.nn.functional
    tensor = torch.from_numpy
    batch, length = ids.shape
    hidden = weights.words.shape[1]
    size = hidden // weights.heads
    ids_, mask_ = tensor(ids), tensor(mask)
    x = tensor(weights.words)[ids_] + tensor(weights.positions[:length]) + tensor(weights.token_type)
    x = functional.layer_norm(x, (hidden,), tensor(weights.norm[0]), tensor(weights.norm[1]), weights.eps)
    attend = mask_[:, None, None, :].bool()
    for layer in weights.layers:
        qkv = (x @ tensor(layer.qkv) + tensor(layer.qkv_bias)).view(batch, length, 3, weights.heads, size)
        q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)
        context = functional.scaled_dot_product_attention(q, k, v, attn_mask=attend)
        context = context.transpose(1, 2).reshape(batch, length, hidden)
        x = functional.layer_norm(context @ tensor(layer.output) + tensor(layer.output_bias) + x, (hidden,),
                                  tensor(layer.norm1[0]), tensor(layer.norm1[1]), weights.eps)
        inner = functional.gelu(x @ tensor(layer.inner) + tensor(layer.inner_bias))
        x = functional.layer_norm(inner @ tensor(layer.outer) + tensor(layer.outer_bias) + x, (hidden,),
                                  tensor(layer.norm2[0]), tensor(layer.norm2[1]), weights.eps)
    keep = mask_[:, :, None].to(x.dtype)
    pooled = (x * keep).sum(1) / keep.sum(1).clamp(min=1e-9)
    return functional.normalize(pooled, dim=1).numpy()


TORCH_FROM = 96
"""Jobs of at least this many texts run in torch (its import pays off); smaller ones in numpy."""


class BertEncoder:
    """Embeds texts with a mean-pooled, L2-normalised BERT (all-MiniLM-L6-v2 by default).

    `torch_from`: the number of texts from which a job runs in torch rather than numpy (None: always numpy).
    Both give the same vectors (to float32 rounding), so the choice changes speed only, never a cache key."""

    def __init__(self, folder: Path, name: str, batch_size: int = 32, torch_from: int | None = TORCH_FROM):
        self.folder = Path(folder)
        self.name = name
        self.batch_size = batch_size
        self.torch_from = torch_from
        self._state: tuple | None = None
        self._loading = threading.Lock()

    def prepare(self) -> None:
        """Read the model and import torch in a background thread, so a large job that follows starts at once
        (the work overlaps whatever the caller does meanwhile, such as waiting for PDF extraction)."""
        def warm() -> None:
            try:
                self._load()
                if self.torch_from is not None:
                    import torch  # noqa: F401  (imported for the large job that follows)
            except Exception:  # the job itself reports any problem when it runs
                pass

        threading.Thread(target=warm, name="model-prepare", daemon=True).start()

    def _load(self) -> tuple:
        with self._loading:
            return self._read()

    def _read(self) -> tuple:
        if self._state is None:
            try:
                from safetensors.numpy import load_file
                from tokenizers import Tokenizer
            except ImportError as error:
                raise VerifierError(f"embedding needs safetensors and tokenizers: {error}") from error
            try:
                config = json.loads((self.folder / "config.json").read_text())
                tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
                weights = BertWeights.from_state(load_file(str(self.folder / "model.safetensors")), config)
            except (OSError, ValueError, KeyError) as error:
                raise VerifierError(f"model {self.folder}: cannot read it ({type(error).__name__}: {error})") from error
            tokenizer.enable_truncation(_max_length(self.folder, config))
            tokenizer.no_padding()  # `embed` pads each batch to its longest text itself
            self._state = (tokenizer, weights, int(config.get("pad_token_id", 0)))
        return self._state

    def _pass(self, count: int):
        """The forward pass for a job of `count` texts: numpy's, or torch's in inference mode for large jobs.

        numpy's runs with one BLAS thread: its matrices are small, and OpenBLAS threads that spin while another
        process holds the cores made a 20-claim job ten times slower on a busy 2-core machine."""
        if self.torch_from is None or count < self.torch_from:
            from threadpoolctl import threadpool_limits

            return forward, threadpool_limits(limits=1, user_api="blas")
        try:
            import torch
        except ImportError:  # torch is a dependency, but numpy alone gives the same vectors
            return forward, contextlib.nullcontext()
        return functools.partial(torch_forward, torch), torch.inference_mode()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        tokenizer, weights, pad_id = self._load()
        out = np.zeros((len(texts), weights.words.shape[1]), dtype=np.float32)
        tokens = [e.ids for e in tokenizer.encode_batch(list(texts))]
        # batches of texts of (nearly) one token length: padding costs ~1 % of the work, not ~25 % as by characters
        order = sorted(range(len(texts)), key=lambda i: len(tokens[i]))
        run, mode = self._pass(len(texts))
        with mode:
            for start in range(0, len(order), self.batch_size):
                batch = order[start:start + self.batch_size]
                length = max(len(tokens[i]) for i in batch)
                ids = np.full((len(batch), length), pad_id, dtype=np.int64)
                mask = np.zeros((len(batch), length), dtype=np.int64)
                for row, i in enumerate(batch):
                    ids[row, :len(tokens[i])] = tokens[i]
                    mask[row, :len(tokens[i])] = 1
                out[batch] = run(weights, ids, mask)
        return out


def _max_length(folder: Path, config: dict) -> int:
    try:
        return int(json.loads((folder / "sentence_bert_config.json").read_text())["max_seq_length"])
    except (OSError, ValueError, KeyError):
        return int(config.get("max_position_embeddings", 512))
