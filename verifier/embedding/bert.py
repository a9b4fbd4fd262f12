"""A BERT sentence encoder with mean pooling, computed directly from a sentence-transformers folder.

Reads `tokenizer.json` (Hugging Face `tokenizers`), `model.safetensors` and `config.json`, and runs the encoder in
torch. This gives the same vectors as sentence-transformers (checked in the integration tests) without importing it:
`import torch` costs ~1-2 s where `import sentence_transformers` costs ~6 s. Torch is imported on first use only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from verifier.errors import VerifierError


class BertEncoder:
    """Embeds texts with a mean-pooled, L2-normalised BERT (all-MiniLM-L6-v2 by default)."""

    def __init__(self, folder: Path, name: str, batch_size: int = 32):
        self.folder = Path(folder)
        self.name = name
        self.batch_size = batch_size
        self._state = None

    def _load(self):
        if self._state is None:
            try:
                import torch
                from safetensors.torch import load_file
                from tokenizers import Tokenizer
            except ImportError as error:
                raise VerifierError(f"embedding needs torch, safetensors and tokenizers: {error}") from error
            config = json.loads((self.folder / "config.json").read_text())
            max_length = _max_length(self.folder, config)
            tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
            tokenizer.enable_truncation(max_length)
            tokenizer.enable_padding(pad_id=config.get("pad_token_id", 0))
            weights = load_file(str(self.folder / "model.safetensors"))
            weights = {k.removeprefix("bert."): v for k, v in weights.items()}
            self._state = (torch, tokenizer, weights, config)
        return self._state

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        torch, tokenizer, weights, config = self._load()
        out = np.zeros((len(texts), config["hidden_size"]), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                batch = order[start:start + self.batch_size]
                encodings = tokenizer.encode_batch([texts[i] for i in batch])
                ids = torch.tensor([e.ids for e in encodings], dtype=torch.long)
                mask = torch.tensor([e.attention_mask for e in encodings], dtype=torch.long)
                out[batch] = _forward(torch, weights, config, ids, mask).numpy()
        return out


def _max_length(folder: Path, config: dict) -> int:
    try:
        return int(json.loads((folder / "sentence_bert_config.json").read_text())["max_seq_length"])
    except (OSError, ValueError, KeyError):
        return int(config.get("max_position_embeddings", 512))


def _layer_norm(torch, x, weights, prefix: str, eps: float):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), weights[prefix + ".weight"], weights[prefix + ".bias"], eps)


def _linear(torch, x, weights, prefix: str):
    return torch.nn.functional.linear(x, weights[prefix + ".weight"], weights[prefix + ".bias"])


def _forward(torch, weights: dict, config: dict, ids, mask):
    """Embeddings, `num_hidden_layers` post-norm transformer layers, masked mean pooling, L2 normalisation."""
    functional = torch.nn.functional
    eps = config.get("layer_norm_eps", 1e-12)
    heads = config["num_attention_heads"]
    batch, length = ids.shape
    hidden = config["hidden_size"]
    positions = torch.arange(length)
    x = (weights["embeddings.word_embeddings.weight"][ids]
         + weights["embeddings.position_embeddings.weight"][positions]
         + weights["embeddings.token_type_embeddings.weight"][0])
    x = _layer_norm(torch, x, weights, "embeddings.LayerNorm", eps)
    attend = mask[:, None, None, :].bool()
    for layer in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{layer}"

        def split(t):
            return t.view(batch, length, heads, hidden // heads).transpose(1, 2)

        q = split(_linear(torch, x, weights, f"{p}.attention.self.query"))
        k = split(_linear(torch, x, weights, f"{p}.attention.self.key"))
        v = split(_linear(torch, x, weights, f"{p}.attention.self.value"))
        context = functional.scaled_dot_product_attention(q, k, v, attn_mask=attend)
        context = context.transpose(1, 2).reshape(batch, length, hidden)
        x = _layer_norm(torch, _linear(torch, context, weights, f"{p}.attention.output.dense") + x, weights,
                        f"{p}.attention.output.LayerNorm", eps)
        inner = functional.gelu(_linear(torch, x, weights, f"{p}.intermediate.dense"))
        x = _layer_norm(torch, _linear(torch, inner, weights, f"{p}.output.dense") + x, weights,
                        f"{p}.output.LayerNorm", eps)
    weights_mask = mask[:, :, None].to(x.dtype)
    pooled = (x * weights_mask).sum(1) / weights_mask.sum(1).clamp(min=1e-9)
    return functional.normalize(pooled, dim=1)
