"""In-memory task data shared by the file loaders and the synthetic generator (plain records, no torch)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

NLI_LABELS = ("entailment", "neutral", "contradiction")
PAWSX_LABELS = ("different", "paraphrase")

# XTREME's Tatoeba file codes and the two-letter codes used for the other tasks.
TATOEBA_TO_ISO = {
    "afr": "af", "ara": "ar", "ben": "bn", "bul": "bg", "cmn": "zh", "deu": "de", "ell": "el", "est": "et",
    "eus": "eu", "fin": "fi", "fra": "fr", "heb": "he", "hin": "hi", "hun": "hu", "ind": "id", "ita": "it",
    "jav": "jv", "jpn": "ja", "kat": "ka", "kaz": "kk", "kor": "ko", "mal": "ml", "mar": "mr", "nld": "nl",
    "pes": "fa", "por": "pt", "rus": "ru", "spa": "es", "swh": "sw", "tam": "ta", "tel": "te", "tgl": "tl",
    "tha": "th", "tur": "tr", "urd": "ur", "vie": "vi",
}  # fmt: skip


@dataclass(frozen=True)
class Pair:
    """One sentence-pair classification example."""

    text_a: str
    text_b: str
    label: int


@dataclass
class ClassificationTask:
    """An English-trained pair-classification task evaluated per language (zero-shot on all but `en`)."""

    name: str
    labels: tuple[str, ...]
    train: list[Pair]
    dev: list[Pair] = field(default_factory=list)  # English dev, for early stopping
    evaluation: dict[str, list[Pair]] = field(default_factory=dict)


@dataclass
class Bitext:
    """Translation pairs per language: line i of `sentences` translates line i of `english`."""

    name: str
    pairs: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)


Item = TypeVar("Item")


def random_subset(items: Sequence[Item], size: int | None, seed: int) -> list[Item]:
    """`size` items drawn without replacement with `seed`, kept in their original order (all when size is None)."""
    if size is None or size >= len(items):
        return list(items)
    chosen = sorted(random.Random(seed).sample(range(len(items)), size))
    return [items[index] for index in chosen]


def head(items: Sequence[Item], size: int | None) -> list[Item]:
    """The first `size` items (all when size is None); evaluation sets stay aligned across languages."""
    return list(items if size is None else items[:size])
