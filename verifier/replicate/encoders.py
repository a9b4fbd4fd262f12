"""Loading the pretrained encoder, its tokenizer and classifiers on top of it; moving encoder weights between phases.

The intermediate phase's encoder is saved alone (safetensors); the target phase starts from the pretrained model
with a fresh classification head and, in the intermediate condition, loads that encoder (jiant's 'partial' load).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from verifier.errors import VerifierError


def quiet_transformers() -> None:
    """No progress bars or load reports: a fresh head on a pretrained encoder is what we want."""
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()


def loading(name: str, what: str, loader, local_only: bool):
    """Call `loader()`, turning a missing model or tokenizer into one user-facing line."""
    try:
        return loader()
    except (OSError, ValueError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        hint = "; give a local folder with --model, or pass --download to fetch it from the Hugging Face hub" if local_only else ""
        raise VerifierError(f"cannot load the {what} {name!r} ({first}){hint}") from None


@dataclass(frozen=True)
class Tokenized:
    """Token ids of pairs or sentences (unpadded) and their labels (empty for sentences)."""

    ids: list[list[int]]
    labels: list[int]


def load_tokenizer(name: str, local_only: bool = True):
    """The model's tokenizer; with `local_only` (the default) nothing is downloaded: a folder or the local HF cache."""
    from transformers import AutoTokenizer

    quiet_transformers()
    return loading(name, "tokenizer", lambda: AutoTokenizer.from_pretrained(name, local_files_only=local_only), local_only)


def tokenize_pairs(tokenizer, pairs, max_length: int) -> Tokenized:
    encoded = tokenizer(
        [pair.text_a for pair in pairs], [pair.text_b for pair in pairs], truncation=True, max_length=max_length
    )
    return Tokenized(encoded["input_ids"], [pair.label for pair in pairs])


def tokenize_sentences(tokenizer, sentences: list[str], max_length: int) -> Tokenized:
    return Tokenized(tokenizer(sentences, truncation=True, max_length=max_length)["input_ids"], [])


def classifier(name: str, num_labels: int, seed: int, encoder_state: dict | None = None, local_only: bool = True):
    """The pretrained encoder with a freshly initialised `num_labels`-way head (initialised under `seed`), optionally
    with the encoder weights replaced by `encoder_state` (the output of intermediate-task training)."""
    import torch
    from transformers import AutoModelForSequenceClassification

    quiet_transformers()
    torch.manual_seed(seed)
    model = loading(
        name, "model", lambda: AutoModelForSequenceClassification.from_pretrained(name, num_labels=num_labels, local_files_only=local_only), local_only
    )
    if encoder_state is not None:
        model.base_model.load_state_dict(encoder_state)
    return model


def encoder(name: str, encoder_state: dict | None = None, local_only: bool = True):
    """The bare encoder (for retrieval embeddings), optionally with intermediate-trained weights."""
    from transformers import AutoModel

    quiet_transformers()
    model = loading(name, "model", lambda: AutoModel.from_pretrained(name, add_pooling_layer=False, local_files_only=local_only), local_only)
    if encoder_state is not None:
        model.load_state_dict(encoder_state)
    return model


def model_shape(name: str, local_only: bool = True) -> tuple[int, int]:
    """Number of layers and the longest input in tokens (RoBERTa-style positions start after the padding index)."""
    from transformers import AutoConfig

    quiet_transformers()
    config = loading(name, "model configuration", lambda: AutoConfig.from_pretrained(name, local_files_only=local_only), local_only)
    offset = config.pad_token_id + 1 if config.model_type in ("xlm-roberta", "roberta") else 0
    return int(config.num_hidden_layers), int(config.max_position_embeddings - offset)


def save_encoder(model, path: Path) -> None:
    """Write the encoder weights of a classifier atomically (safetensors)."""
    from safetensors.torch import save_file

    state = {key: tensor.detach().to("cpu").contiguous() for key, tensor in model.base_model.state_dict().items()}
    partial = path.with_name(path.name + ".partial")
    save_file(state, str(partial))
    partial.replace(path)


def load_encoder(path: Path) -> dict:
    from safetensors.torch import load_file

    return load_file(str(path))


def pad_batch(ids: list[list[int]], pad_id: int, device: str):
    """Right-padded input ids and attention mask tensors for one batch (padding to the longest member)."""
    import torch

    width = max(len(row) for row in ids)
    input_ids = torch.full((len(ids), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(ids), width), dtype=torch.long)
    for row, tokens in enumerate(ids):
        input_ids[row, : len(tokens)] = torch.tensor(tokens, dtype=torch.long)
        mask[row, : len(tokens)] = 1
    return input_ids.to(device), mask.to(device)
