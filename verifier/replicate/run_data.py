"""All task data of a run, from files or from the synthetic generator, in one record."""

from __future__ import annotations

from dataclasses import dataclass, field

from verifier.replicate import loaders, synthetic
from verifier.replicate.config import ReplicationConfig
from verifier.replicate.tasks import Bitext, ClassificationTask


@dataclass
class RunData:
    intermediate: dict[str, ClassificationTask]
    targets: dict[str, ClassificationTask]
    bitext: Bitext | None
    corpus: list[str] = field(default_factory=list)  # synthetic only: text to train the tiny tokenizer on


def load_run_data(config: ReplicationConfig) -> RunData:
    """Every task the configuration names; file errors name the missing file and where to get it."""
    if config.data.source == "synthetic":
        return synthetic_run_data(config)
    data = config.data
    run_data = RunData(
        intermediate={spec.name: loaders.load_intermediate(data, spec) for spec in config.intermediate_tasks},
        targets={spec.name: loaders.load_target(data, spec) for spec in config.target_tasks},
        bitext=loaders.load_retrieval(data, config.retrieval) if config.retrieval else None,
    )
    if config.model.tiny is not None:
        run_data.corpus = corpus_of(run_data)
    return run_data


def corpus_of(run_data: RunData) -> list[str]:
    """Every text of the loaded tasks: what a tiny model's tokenizer is trained on when the data come from files."""
    texts = []
    for task in [*run_data.intermediate.values(), *run_data.targets.values()]:
        for pairs in [task.train, task.dev, *task.evaluation.values()]:
            texts += [text for pair in pairs for text in (pair.text_a, pair.text_b)]
    for sentences, english in (run_data.bitext.pairs.values() if run_data.bitext else []):
        texts += sentences + english
    return texts


def synthetic_run_data(config: ReplicationConfig) -> RunData:
    target_languages = sorted({language for spec in config.target_tasks for language in spec.languages})
    retrieval_languages = config.retrieval.languages if config.retrieval else []
    world = synthetic.synthetic_world(config.data.synthetic, target_languages, retrieval_languages)
    return RunData(
        intermediate={spec.name: synthetic.synthetic_intermediate(world, spec.name) for spec in config.intermediate_tasks},
        targets={spec.name: synthetic.synthetic_target(world, spec.name, spec.languages) for spec in config.target_tasks},
        bitext=synthetic.synthetic_bitext(world, retrieval_languages) if config.retrieval else None,
        corpus=world.corpus(),
    )
