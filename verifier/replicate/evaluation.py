"""Evaluation with torch: classifier predictions (accuracy) and mean-pooled middle-layer sentence embeddings
(Tatoeba retrieval accuracy). The metrics themselves are the pure functions of `metrics`."""

from __future__ import annotations

from dataclasses import dataclass

from verifier.replicate.encoders import Tokenized, pad_batch
from verifier.replicate.hardware import Compute
from verifier.replicate.metrics import accuracy, retrieval_accuracy


@dataclass(frozen=True)
class Evaluator:
    """How to run a model for evaluation: device/precision, padding id, batch size."""

    compute: Compute
    pad_id: int
    batch_size: int = 64

    def batches(self, data: Tokenized):
        """(original indices, input ids, mask) batches in order of length, so padding stays small."""
        order = sorted(range(len(data.ids)), key=lambda i: len(data.ids[i]))
        for start in range(0, len(order), self.batch_size):
            indices = order[start : start + self.batch_size]
            yield (indices, *pad_batch([data.ids[i] for i in indices], self.pad_id, self.compute.device))

    def predict(self, model, data: Tokenized) -> list[int]:
        """The argmax label of every example, in the original order."""
        import torch

        model.to(self.compute.device).eval()
        predictions = [0] * len(data.ids)
        with torch.inference_mode(), self.compute.autocast():
            for indices, input_ids, mask in self.batches(data):
                labels = model(input_ids=input_ids, attention_mask=mask).logits.argmax(dim=-1).tolist()
                for index, label in zip(indices, labels):
                    predictions[index] = label
        return predictions

    def accuracy(self, model, data: Tokenized) -> float:
        """Classification accuracy in points (0-100)."""
        return 100.0 * accuracy(self.predict(model, data), data.labels)

    def embed(self, encoder, data: Tokenized, layer: int):
        """Mean over non-padding tokens of hidden state `layer` (0 = embeddings) per sentence, as float32 numpy rows."""
        import numpy as np
        import torch

        encoder.to(self.compute.device).eval()
        rows = np.zeros((len(data.ids), encoder.config.hidden_size), dtype=np.float32)
        with torch.inference_mode(), self.compute.autocast():
            for indices, input_ids, mask in self.batches(data):
                hidden = encoder(input_ids=input_ids, attention_mask=mask, output_hidden_states=True).hidden_states[layer].float()
                weights = mask.unsqueeze(-1).float()  # pool in fp32 even under bf16 autocast
                rows[indices] = ((hidden * weights).sum(dim=1) / weights.sum(dim=1)).cpu().numpy()
        return rows

    def retrieval(self, encoder, sentences: Tokenized, english: Tokenized, layer: int) -> float:
        """Tatoeba accuracy in points: each sentence retrieves its English translation by cosine similarity."""
        return 100.0 * retrieval_accuracy(self.embed(encoder, sentences, layer), self.embed(encoder, english, layer))


def default_retrieval_layer(num_layers: int) -> int:
    """The paper's middle layer: 14 of 24 for XLM-R Large, scaled to other depths (7 of 12 for Base)."""
    return max(1, round(num_layers * 14 / 24))
