"""Synthetic multilingual data for the `tiny` preset: small, learnable stand-ins for MNLI, PAWS-X and Tatoeba.

A shared inventory of concepts is written as pseudo-words made of syllables; each language rewrites part of the
syllables and may add a suffix, so languages share some sub-words with English, which is what lets a randomly
initialised model transfer a little. The tasks share one skill (is every word of one sentence in the other?), so
the NLI-like intermediate task can help the PAWS-X-like target task: in both, a second sentence that brings in a
word from outside the first sentence's inventory is not implied by it (neutral / not a paraphrase). These data exercise the pipeline; their
numbers say nothing about real models.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from verifier.replicate.config import SyntheticSpec
from verifier.replicate.tasks import NLI_LABELS, PAWSX_LABELS, TATOEBA_TO_ISO, Bitext, ClassificationTask, Pair

CONSONANTS = "bdfgklmnprstvz"
VOWELS = "aeiou"
SYLLABLES = [c + v for c in CONSONANTS for v in VOWELS]


def language_seed(language: str, seed: int) -> int:
    """A stable per-language seed (Python's hash() is salted per process)."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{language}".encode()).digest()[:8], "big")


@dataclass(frozen=True)
class Lexicon:
    """How one language writes every concept and the negation word."""

    words: tuple[str, ...]
    negation: str

    def render(self, concepts: list[int], negated: bool = False) -> str:
        words = [self.words[concept] for concept in concepts]
        return " ".join([self.negation, *words] if negated else words)


def english_words(count: int, seed: int) -> list[str]:
    """`count` distinct two-syllable pseudo-words."""
    rng = random.Random(seed)
    words: list[str] = []
    while len(words) < count:
        word = rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
        if word not in words:
            words.append(word)
    return words


def lexicon(language: str, english: list[str], seed: int) -> Lexicon:
    """English as is; another language rewrites a share of the syllables and may add a suffix to every word."""
    if language == "en":
        return Lexicon(tuple(english), "not")
    rng = random.Random(language_seed(language, seed))
    share = rng.uniform(0.3, 0.7)
    rewrite = {s: rng.choice(SYLLABLES) + rng.choice("hjwxy") if rng.random() < share else s for s in SYLLABLES}
    suffix = rng.choice(["", "", "n", "ka", "ru"])
    words = tuple("".join(rewrite[word[i : i + 2]] for i in range(0, len(word), 2)) + suffix for word in english)
    return Lexicon(words, rng.choice(SYLLABLES) + rng.choice("hjwxy"))


class SyntheticWorld:
    """All languages of a run over one concept inventory, and generators for the three tasks."""

    def __init__(self, spec: SyntheticSpec, languages: list[str]):
        self.spec = spec
        english = english_words(spec.concepts, spec.seed)
        self.lexicons = {language: lexicon(language, english, spec.seed) for language in {"en", *languages}}

    def rng(self, purpose: str) -> random.Random:
        return random.Random(language_seed(purpose, self.spec.seed))

    @property
    def core(self) -> range:
        """Concepts that make up first sentences; the rest only ever come in as replacements."""
        return range(self.spec.concepts * 2 // 3)

    @property
    def outside(self) -> range:
        return range(self.spec.concepts * 2 // 3, self.spec.concepts)

    def nli_example(self, rng: random.Random) -> tuple[list[int], list[int], int]:
        """Premise and hypothesis concepts with an NLI label (entailment, neutral, contradiction)."""
        premise = rng.sample(self.core, 5)
        label = rng.randrange(3)
        hypothesis = sorted(rng.sample(premise, rng.choice((2, 3))), key=premise.index)
        if label == 1:
            hypothesis[rng.randrange(len(hypothesis))] = rng.choice(self.outside)
        return premise, hypothesis, label

    def pawsx_example(self, rng: random.Random) -> tuple[list[int], list[int], int]:
        """A sentence and a reordering of it (paraphrase, 1) or a reordering with one word replaced (0)."""
        first = rng.sample(self.core, 5)
        second = rng.sample(first, len(first))
        label = rng.randrange(2)
        if label == 0:
            second[rng.randrange(len(second))] = rng.choice(self.outside)
        return first, second, label

    def nli_pairs(self, count: int, purpose: str) -> list[Pair]:
        rng, english = self.rng(purpose), self.lexicons["en"]
        pairs = []
        for _ in range(count):
            premise, hypothesis, label = self.nli_example(rng)
            pairs.append(Pair(english.render(premise), english.render(hypothesis, negated=label == 2), label))
        return pairs

    def pawsx_pairs(self, count: int, language: str, purpose: str) -> list[Pair]:
        rng, words = self.rng(purpose), self.lexicons[language]
        return [
            Pair(words.render(first), words.render(second), label)
            for first, second, label in (self.pawsx_example(rng) for _ in range(count))
        ]

    def translations(self, language: str, count: int) -> tuple[list[str], list[str]]:
        """`count` distinct sentences in `language` and their English translations."""
        rng = self.rng(f"tatoeba:{language}")
        sentences: list[tuple[int, ...]] = []
        while len(sentences) < count:
            concepts = tuple(rng.sample(range(self.spec.concepts), rng.randint(4, 6)))
            if concepts not in sentences:
                sentences.append(concepts)
        return [self.lexicons[language].render(list(s)) for s in sentences], [self.lexicons["en"].render(list(s)) for s in sentences]

    def corpus(self, sentences_per_language: int = 150) -> list[str]:
        """Unlabelled text in every language, to train the run's tokenizer (the stand-in for MLM pretraining data)."""
        rng = self.rng("corpus")
        return [
            words.render(rng.sample(range(self.spec.concepts), rng.randint(3, 8)), negated=rng.random() < 0.2)
            for _, words in sorted(self.lexicons.items())
            for _ in range(sentences_per_language)
        ]


def synthetic_world(spec: SyntheticSpec, target_languages: list[str], retrieval_languages: list[str]) -> SyntheticWorld:
    iso = [TATOEBA_TO_ISO.get(language, language) for language in retrieval_languages]
    return SyntheticWorld(spec, sorted({*target_languages, *iso}))


def synthetic_intermediate(world: SyntheticWorld, name: str) -> ClassificationTask:
    spec = world.spec
    dev = world.nli_pairs(spec.eval_per_language, f"{name}:dev")
    return ClassificationTask(name, NLI_LABELS, world.nli_pairs(spec.intermediate_train, f"{name}:train"), dev, {"en": dev})


def synthetic_target(world: SyntheticWorld, name: str, languages: list[str]) -> ClassificationTask:
    """A PAWS-X-like task (whatever the configured name): English training, evaluation in every language."""
    spec = world.spec
    evaluation = {language: world.pawsx_pairs(spec.eval_per_language, language, f"{name}:eval:{language}") for language in languages}
    train = world.pawsx_pairs(spec.target_train, "en", f"{name}:train")
    dev = world.pawsx_pairs(spec.eval_per_language, "en", f"{name}:dev")
    return ClassificationTask(name, PAWSX_LABELS, train, dev, evaluation)


def synthetic_bitext(world: SyntheticWorld, languages: list[str]) -> Bitext:
    bitext = Bitext("tatoeba")
    for language in languages:
        bitext.pairs[language] = world.translations(TATOEBA_TO_ISO.get(language, language), world.spec.retrieval_pairs)
    return bitext
