"""Task data from local files in their standard formats, with errors that name the missing file and its source.

Layout below the data folder (each task folder can be moved with `data.paths`):

    mnli/    train.tsv (GLUE) | train.jsonl | multinli_1.0_train.jsonl;  dev_matched.tsv | dev_matched.jsonl | multinli_1.0_dev_matched.jsonl
    xnli/    xnli.dev.tsv | xnli.dev.jsonl, xnli.test.tsv | xnli.test.jsonl   (a `language` column, XNLI-1.0 format)
    pawsx/   en/train.tsv, <lang>/dev_2k.tsv, <lang>/test_2k.tsv              (id, sentence1, sentence2, label)
    tatoeba/ tatoeba.<xxx>-eng.<xxx> and tatoeba.<xxx>-eng.eng                (LASER data/tatoeba/v1)
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from verifier.errors import VerifierError
from verifier.replicate.config import DataSpec, IntermediateTaskSpec, RetrievalSpec, TargetTaskSpec
from verifier.replicate.tasks import NLI_LABELS, PAWSX_LABELS, Bitext, ClassificationTask, Pair, head, random_subset

SOURCES = {
    "mnli": "MultiNLI 1.0 from https://cims.nyu.edu/~sbowman/multinli/ (or GLUE's MNLI folder), or rerun with --download",
    "xnli": "XNLI-1.0 from https://dl.fbaipublicfiles.com/XNLI/XNLI-1.0.zip, or rerun with --download",
    "pawsx": "PAWS-X from https://storage.googleapis.com/paws/pawsx/x-final.tar.gz (the x-final/<lang>/ folders), or rerun with --download",
    "tatoeba": "LASER's data/tatoeba/v1 at https://github.com/facebookresearch/LASER/tree/main/data/tatoeba/v1",
}
INT_NLI = {"0": 0, "1": 1, "2": 2}  # Hugging Face convention: entailment, neutral, contradiction


def first_existing(folder: Path, names: Iterable[str], task: str, what: str) -> Path:
    """The first of `names` present in `folder`, else an error listing what was looked for and where to get it."""
    candidates = [folder / name for name in names]
    for path in candidates:
        if path.is_file():
            return path
    looked = ", ".join(str(path) for path in candidates)
    raise VerifierError(f"{what} not found: looked for {looked}; get {SOURCES[task]}")


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a TSV file with a header line (no quoting, as GLUE and PAWS-X write them) or of a JSONL file."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        if path.suffix == ".jsonl":
            return [parse_json_line(line, path, number) for number, line in enumerate(handle, 1) if line.strip()]
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if not header:
            raise VerifierError(f"{path}: empty file (expected a header line)")
        return [dict(zip(header, row)) for row in reader if row]


def parse_json_line(line: str, path: Path, number: int) -> dict[str, str]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise VerifierError(f"{path}:{number}: not valid JSON ({error.msg})") from None
    return {key: str(value) for key, value in record.items()}


def column(row: dict[str, str], names: tuple[str, ...], path: Path) -> str:
    for name in names:
        if name in row and row[name] is not None:
            return row[name]
    raise VerifierError(f"{path}: no column {' or '.join(names)} (columns: {', '.join(row)})")


def nli_pairs(rows: list[dict[str, str]], path: Path) -> list[Pair]:
    """NLI examples from MNLI/XNLI rows (sentence1/sentence2/gold_label, or premise/hypothesis/label); `-` labels skipped."""
    pairs = []
    for row in rows:
        raw = column(row, ("gold_label", "label"), path).strip()
        label = NLI_LABELS.index(raw) if raw in NLI_LABELS else INT_NLI.get(raw)
        if label is None:
            continue
        premise = column(row, ("sentence1", "premise"), path)
        hypothesis = column(row, ("sentence2", "hypothesis"), path)
        pairs.append(Pair(premise, hypothesis, label))
    if not pairs:
        raise VerifierError(f"{path}: no labelled NLI examples")
    return pairs


def pawsx_pairs(rows: list[dict[str, str]], path: Path) -> list[Pair]:
    """PAWS-X examples (label 1 = paraphrase); rows whose label is not 0/1 are skipped."""
    pairs = [
        Pair(column(row, ("sentence1",), path), column(row, ("sentence2",), path), int(row["label"].strip()))
        for row in rows
        if row.get("label", "").strip() in ("0", "1")
    ]
    if not pairs:
        raise VerifierError(f"{path}: no labelled PAWS-X examples")
    return pairs


def load_mnli(data: DataSpec, train_size: int | None) -> tuple[list[Pair], list[Pair]]:
    """MNLI English train (a seeded subset when `train_size` is given) and matched dev."""
    folder = data.folder("mnli")
    train_path = first_existing(folder, ("train.tsv", "train.jsonl", "multinli_1.0_train.jsonl"), "mnli", "MNLI training set")
    dev_path = first_existing(
        folder, ("dev_matched.tsv", "dev_matched.jsonl", "multinli_1.0_dev_matched.jsonl"), "mnli", "MNLI matched dev set"
    )
    train = random_subset(nli_pairs(read_rows(train_path), train_path), train_size, data.subset_seed)
    return train, nli_pairs(read_rows(dev_path), dev_path)


def load_xnli(data: DataSpec, spec: TargetTaskSpec) -> ClassificationTask:
    """XNLI: trained on English MNLI, evaluated on XNLI's dev or test set per language."""
    train, _ = load_mnli(data, spec.train_size)
    folder = data.folder("xnli")
    path = first_existing(folder, (f"xnli.{spec.eval_split}.tsv", f"xnli.{spec.eval_split}.jsonl"), "xnli", f"XNLI {spec.eval_split} set")
    by_language: dict[str, list[dict[str, str]]] = {}
    for row in read_rows(path):
        by_language.setdefault(column(row, ("language", "lang"), path), []).append(row)
    evaluation = {}
    for language in spec.languages:
        if language not in by_language:
            raise VerifierError(f"{path}: no rows for language {language!r} (has {', '.join(sorted(by_language))})")
        evaluation[language] = head(nli_pairs(by_language[language], path), spec.eval_size)
    dev = evaluation.get("en") or head(nli_pairs(by_language.get("en", []), path), spec.eval_size)
    return ClassificationTask("xnli", NLI_LABELS, train, dev, evaluation)


def load_pawsx(data: DataSpec, spec: TargetTaskSpec) -> ClassificationTask:
    """PAWS-X: English training set, dev_2k/test_2k per language."""
    folder = data.folder("pawsx")
    train_path = first_existing(folder / "en", ("train.tsv",), "pawsx", "PAWS-X English training set")
    train = random_subset(pawsx_pairs(read_rows(train_path), train_path), spec.train_size, data.subset_seed)
    split_file = "dev_2k.tsv" if spec.eval_split == "dev" else "test_2k.tsv"
    evaluation = {}
    for language in spec.languages:
        path = first_existing(folder / language, (split_file,), "pawsx", f"PAWS-X {language} {spec.eval_split} set")
        evaluation[language] = head(pawsx_pairs(read_rows(path), path), spec.eval_size)
    dev_path = first_existing(folder / "en", ("dev_2k.tsv",), "pawsx", "PAWS-X English dev set")
    return ClassificationTask("pawsx", PAWSX_LABELS, train, pawsx_pairs(read_rows(dev_path), dev_path), evaluation)


def read_lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").rstrip("\r") for line in handle]


def load_tatoeba(folder: Path, languages: list[str], max_pairs: int | None) -> Bitext:
    """Tatoeba pairs per language from `tatoeba.xxx-eng.xxx` / `tatoeba.xxx-eng.eng` (line i translates line i)."""
    bitext = Bitext("tatoeba")
    for language in languages:
        stem = f"tatoeba.{language}-eng"
        source = first_existing(folder, (f"{stem}.{language}",), "tatoeba", f"Tatoeba {language} sentences")
        english = first_existing(folder, (f"{stem}.eng",), "tatoeba", f"Tatoeba {language}-English translations")
        sentences, translations = read_lines(source), read_lines(english)
        if len(sentences) != len(translations):
            raise VerifierError(
                f"{source}: {len(sentences)} lines but {english.name} has {len(translations)}; line i must translate line i"
            )
        bitext.pairs[language] = (head(sentences, max_pairs), head(translations, max_pairs))
    return bitext


def load_intermediate(data: DataSpec, spec: IntermediateTaskSpec) -> ClassificationTask:
    """An English intermediate task from files (MNLI)."""
    train, dev = load_mnli(data, spec.train_size)
    dev = head(dev, spec.eval_size)
    return ClassificationTask(spec.name, NLI_LABELS, train, dev, {"en": dev})


def load_target(data: DataSpec, spec: TargetTaskSpec) -> ClassificationTask:
    return load_pawsx(data, spec) if spec.name == "pawsx" else load_xnli(data, spec)


def load_retrieval(data: DataSpec, spec: RetrievalSpec) -> Bitext:
    return load_tatoeba(data.folder("tatoeba"), spec.languages, spec.max_pairs)
