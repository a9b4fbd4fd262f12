"""The `tiny` preset's 'pretrained' model: a randomly initialised XLM-R-architecture encoder and a WordPiece tokenizer
trained in the run on the synthetic corpus, saved as an ordinary Hugging Face folder that the rest of the pipeline
loads like `xlm-roberta-large`. Nothing is downloaded."""

from __future__ import annotations

import shutil
from pathlib import Path

from verifier.replicate.config import TinyModelSpec

SPECIAL_TOKENS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]  # XLM-R's ids: bos 0, pad 1, eos 2, unk 3


def train_tokenizer(corpus: list[str], vocab_size: int):
    """A WordPiece tokenizer with XLM-R's special tokens and its pair template `<s> A </s></s> B </s>`."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.WordPiece(unk_token="<unk>"))
    tokenizer.normalizer = normalizers.NFKC()
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.decoder = decoders.WordPiece()
    tokenizer.train_from_iterator(corpus, trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS))
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token="<s>", eos_token="</s>", cls_token="<s>", sep_token="</s>",
        pad_token="<pad>", unk_token="<unk>", mask_token="<mask>",
    )  # fmt: skip


def build_tiny_model(spec: TinyModelSpec, corpus: list[str], max_length: int, folder: Path) -> Path:
    """Write tokenizer and random encoder into `folder` (atomically: built beside it, then renamed) and return it."""
    import torch
    from transformers import XLMRobertaConfig, XLMRobertaModel

    from verifier.replicate.encoders import quiet_transformers

    if (folder / "config.json").is_file():
        return folder
    quiet_transformers()
    tokenizer = train_tokenizer(corpus, spec.vocab_size)
    config = XLMRobertaConfig(
        vocab_size=len(tokenizer),
        hidden_size=spec.hidden_size,
        num_hidden_layers=spec.num_hidden_layers,
        num_attention_heads=spec.num_attention_heads,
        intermediate_size=spec.intermediate_size,
        max_position_embeddings=max_length + 2,  # XLM-R positions start after the padding index (1)
        pad_token_id=1, bos_token_id=0, eos_token_id=2,
    )  # fmt: skip
    torch.manual_seed(spec.init_seed)
    model = XLMRobertaModel(config, add_pooling_layer=False)
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    tokenizer.save_pretrained(staging)
    model.save_pretrained(staging)
    staging.rename(folder)
    return folder
