"""The `tiny` preset's 'pretrained' model: a randomly initialised XLM-R-architecture encoder and a WordPiece tokenizer
built in the run from the corpus, saved as an ordinary Hugging Face folder that the rest of the pipeline
loads like `xlm-roberta-large`. Nothing is downloaded."""

from __future__ import annotations

import shutil
import unicodedata
from collections import Counter
from pathlib import Path

from verifier.replicate.config import TinyModelSpec

SPECIAL_TOKENS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]  # XLM-R's ids: bos 0, pad 1, eos 2, unk 3


def wordpiece_vocabulary(corpus: list[str], size: int, longest: int = 4) -> dict[str, int]:
    """A WordPiece vocabulary built from the corpus deterministically (the `tokenizers` trainer breaks frequency ties
    differently from run to run): special tokens, every character as a word start and as a `##` continuation, then
    the most frequent word-initial and `##` character n-grams (2..`longest`), ties broken alphabetically."""
    words: Counter[str] = Counter(unicodedata.normalize("NFKC", word) for line in corpus for word in line.split())
    characters = sorted({character for word in words for character in word})
    pieces: Counter[str] = Counter()
    for word, count in words.items():
        for start in range(len(word)):
            for length in range(2, longest + 1):
                if start + length <= len(word):
                    pieces[("##" if start else "") + word[start : start + length]] += count
    tokens = SPECIAL_TOKENS + characters + ["##" + c for c in characters]
    ranked = sorted(pieces.items(), key=lambda item: (-item[1], item[0]))
    tokens += [piece for piece, _ in ranked[: max(0, size - len(tokens))]]
    return {token: index for index, token in enumerate(tokens)}


def train_tokenizer(corpus: list[str], vocab_size: int):
    """A WordPiece tokenizer over the corpus with XLM-R's special tokens and its pair template `<s> A </s></s> B </s>`."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.WordPiece(wordpiece_vocabulary(corpus, vocab_size), unk_token="<unk>", max_input_chars_per_word=100))
    tokenizer.normalizer = normalizers.NFKC()
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer.decoder = decoders.WordPiece()
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
