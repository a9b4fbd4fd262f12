"""`verifier replicate --download`: fetch MNLI, PAWS-X and XNLI through Hugging Face `datasets` (only when that
package is installed and the user asks) and write them in the layout `loaders` reads. Tatoeba is not on the hub in
LASER's format; its files come from LASER's repository."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from verifier.errors import VerifierError
from verifier.output import write_atomic
from verifier.replicate.config import ReplicationConfig
from verifier.replicate.tasks import NLI_LABELS

HUB_DATASETS = {"mnli": ("nyu-mll/glue", "mnli"), "pawsx": ("google-research-datasets/paws-x", None), "xnli": ("facebook/xnli", None)}


def clean(text: object) -> str:
    """One TSV cell: tabs and line breaks become spaces (the loaders read without quoting)."""
    return " ".join(str(text).replace("\t", " ").splitlines())


def nli_tsv(rows: Iterable[dict], language: str | None = None) -> str:
    """Hub NLI rows (premise, hypothesis, integer label) as TSV with sentence1, sentence2, gold_label[, language]."""
    header = ["sentence1", "sentence2", "gold_label"] + (["language"] if language else [])
    lines = ["\t".join(header)]
    for row in rows:
        if row["label"] not in (0, 1, 2):
            continue
        cells = [clean(row["premise"]), clean(row["hypothesis"]), NLI_LABELS[row["label"]]] + ([language] if language else [])
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def pawsx_tsv(rows: Iterable[dict]) -> str:
    """Hub PAWS-X rows as the original TSV (id, sentence1, sentence2, label)."""
    lines = ["id\tsentence1\tsentence2\tlabel"]
    lines += [f"{row['id']}\t{clean(row['sentence1'])}\t{clean(row['sentence2'])}\t{row['label']}" for row in rows]
    return "\n".join(lines) + "\n"


def load_hub(task: str, config_name: str | None, split: str):
    try:
        import datasets
    except ImportError:
        raise VerifierError("--download needs the `datasets` package (pip install datasets); or place the files as `verifier replicate --help` describes") from None
    repository, default_config = HUB_DATASETS[task]
    try:
        return datasets.load_dataset(repository, config_name or default_config, split=split)
    except Exception as error:  # the hub client raises many types; report one line
        raise VerifierError(f"download of {repository} ({config_name or default_config}, {split}) failed: {str(error).splitlines()[0]}") from None


def write(path: Path, text: str, progress: Callable[[str], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)
    progress(f"wrote {path}")


def download_data(config: ReplicationConfig, progress: Callable[[str], None]) -> None:
    """Fetch the missing files of every task the configuration needs (synthetic runs need none)."""
    data = config.data
    if data.source == "synthetic":
        return
    needs_mnli = bool(config.intermediate_tasks) or any(t.name == "xnli" for t in config.target_tasks)
    if needs_mnli and not (data.folder("mnli") / "train.tsv").is_file():
        write(data.folder("mnli") / "train.tsv", nli_tsv(load_hub("mnli", None, "train")), progress)
        write(data.folder("mnli") / "dev_matched.tsv", nli_tsv(load_hub("mnli", None, "validation_matched")), progress)
    for target in config.target_tasks:
        split = "validation" if target.eval_split == "dev" else "test"
        if target.name == "pawsx":
            download_pawsx(config, target.languages, split, progress)
        else:
            path = data.folder("xnli") / f"xnli.{target.eval_split}.tsv"
            if not path.is_file():
                parts = [nli_tsv(load_hub("xnli", language, split), language) for language in target.languages]
                write(path, parts[0] + "".join(part.split("\n", 1)[1] for part in parts[1:]), progress)


def download_pawsx(config: ReplicationConfig, languages: list[str], split: str, progress: Callable[[str], None]) -> None:
    folder = config.data.folder("pawsx")
    split_file = "dev_2k.tsv" if split == "validation" else "test_2k.tsv"
    wanted = [("en", "train", "train.tsv"), ("en", "validation", "dev_2k.tsv")] + [(language, split, split_file) for language in languages]
    for language, hub_split, file_name in wanted:
        path = folder / language / file_name
        if not path.is_file():
            write(path, pawsx_tsv(load_hub("pawsx", language, hub_split)), progress)
