"""Data loaders: MNLI/XNLI (TSV, JSONL), PAWS-X, Tatoeba (the real files when ../shared/data/tatoeba exists), the
download writers' output read back, and the errors naming the missing file and where to get it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verifier.errors import VerifierError
from verifier.replicate.config import XTREME_TATOEBA, DataSpec, IntermediateTaskSpec, TargetTaskSpec
from verifier.replicate.download import nli_tsv, pawsx_tsv
from verifier.replicate.loaders import load_intermediate, load_pawsx, load_tatoeba, load_xnli, nli_pairs, read_rows
from verifier.replicate.tasks import Pair, random_subset

TATOEBA = Path(__file__).resolve().parents[2] / "shared" / "data" / "tatoeba"
GLUE_HEADER = "index\tpromptID\tpairID\tgenre\tsentence1_binary_parse\tsentence2_binary_parse\tsentence1_parse\tsentence2_parse\tsentence1\tsentence2\tlabel1\tgold_label"


def glue_row(index: int, premise: str, hypothesis: str, label: str) -> str:
    return f"{index}\t1\t1e\tfiction\t( x )\t( y )\t(ROOT x)\t(ROOT y)\t{premise}\t{hypothesis}\t{label}\t{label}"


def write_mnli(folder: Path, rows: list[tuple[str, str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [GLUE_HEADER] + [glue_row(i, *row) for i, row in enumerate(rows)]
    (folder / "train.tsv").write_text("\n".join(lines) + "\n")
    (folder / "dev_matched.tsv").write_text("\n".join(lines[:3]) + "\n")


def test_mnli_glue_tsv_keeps_quotes_and_skips_unlabelled(tmp_path: Path):
    write_mnli(tmp_path / "mnli", [
        ('He said "no" to it.', "He refused.", "entailment"),
        ("A cat sleeps.", "A dog barks.", "neutral"),
        ("It rains.", "It is dry.", "contradiction"),
        ("Odd row.", "No consensus.", "-"),
    ])  # fmt: skip
    task = load_intermediate(DataSpec(data_dir=tmp_path), IntermediateTaskSpec(name="mnli"))
    assert task.train == [
        Pair('He said "no" to it.', "He refused.", 0), Pair("A cat sleeps.", "A dog barks.", 1), Pair("It rains.", "It is dry.", 2)
    ]
    assert len(task.dev) == 2 and task.labels == ("entailment", "neutral", "contradiction")


def test_mnli_jsonl_and_subset_is_seeded(tmp_path: Path):
    folder = tmp_path / "mnli"
    folder.mkdir()
    records = [{"sentence1": f"p{i}", "sentence2": f"h{i}", "gold_label": ["entailment", "neutral", "contradiction"][i % 3]} for i in range(50)]
    (folder / "multinli_1.0_train.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    (folder / "dev_matched.jsonl").write_text(json.dumps(records[0]) + "\n")
    spec = IntermediateTaskSpec(name="mnli", train_size=10)
    first = load_intermediate(DataSpec(data_dir=tmp_path, subset_seed=3), spec).train
    again = load_intermediate(DataSpec(data_dir=tmp_path, subset_seed=3), spec).train
    other = load_intermediate(DataSpec(data_dir=tmp_path, subset_seed=4), spec).train
    assert len(first) == 10 and first == again and first != other
    indices = [int(pair.text_a[1:]) for pair in first]
    assert indices == sorted(indices)  # the subset keeps file order
    assert all(pair.label == index % 3 for pair, index in zip(first, indices))


def test_random_subset_edges():
    assert random_subset([1, 2, 3], None, 0) == [1, 2, 3]
    assert random_subset([1, 2, 3], 10, 0) == [1, 2, 3]
    assert sorted(random_subset(list(range(100)), 7, 1)) == random_subset(list(range(100)), 7, 1)


def write_pawsx(root: Path, languages: list[str]) -> None:
    rows = "id\tsentence1\tsentence2\tlabel\n1\tA b c.\tB a c.\t1\n2\tD e.\tE f.\t0\n3\tbroken row\t\t\n"
    for language in languages:
        (root / language).mkdir(parents=True, exist_ok=True)
        (root / language / "dev_2k.tsv").write_text(rows)
        (root / language / "test_2k.tsv").write_text(rows)
    (root / "en" / "train.tsv").write_text(rows * 3)


def test_pawsx_layout(tmp_path: Path):
    write_pawsx(tmp_path / "pawsx", ["en", "de"])
    task = load_pawsx(DataSpec(data_dir=tmp_path), TargetTaskSpec(name="pawsx", languages=["en", "de"], eval_size=1))
    assert len(task.train) == 6 and task.train[0] == Pair("A b c.", "B a c.", 1)
    assert task.evaluation == {"en": [Pair("A b c.", "B a c.", 1)], "de": [Pair("A b c.", "B a c.", 1)]}
    assert len(task.dev) == 2


def test_missing_file_error_names_file_and_source(tmp_path: Path):
    write_pawsx(tmp_path / "pawsx", ["en"])
    with pytest.raises(VerifierError) as caught:
        load_pawsx(DataSpec(data_dir=tmp_path), TargetTaskSpec(name="pawsx", languages=["en", "ja"]))
    message = str(caught.value)
    assert str(tmp_path / "pawsx" / "ja" / "dev_2k.tsv") in message
    assert "x-final.tar.gz" in message and "--download" in message and "\n" not in message
    with pytest.raises(VerifierError, match=r"MNLI training set not found: looked for .*mnli/train.tsv.*multinli"):
        load_intermediate(DataSpec(data_dir=tmp_path), IntermediateTaskSpec())
    with pytest.raises(VerifierError, match=r"tatoeba.xho-eng.xho.*LASER"):
        load_tatoeba(tmp_path, ["xho"], None)


def test_xnli_by_language(tmp_path: Path):
    write_mnli(tmp_path / "mnli", [("p", "h", "neutral")] * 4)
    (tmp_path / "xnli").mkdir()
    rows = ["language\tgold_label\tsentence1\tsentence2", "en\tentailment\tA\tB", "de\tcontradiction\tC\tD", "de\tneutral\tE\tF"]
    (tmp_path / "xnli" / "xnli.dev.tsv").write_text("\n".join(rows) + "\n")
    task = load_xnli(DataSpec(data_dir=tmp_path), TargetTaskSpec(name="xnli", languages=["en", "de"]))
    assert task.evaluation["de"] == [Pair("C", "D", 2), Pair("E", "F", 1)]
    assert task.dev == [Pair("A", "B", 0)] and len(task.train) == 4
    with pytest.raises(VerifierError, match="no rows for language 'fr'"):
        load_xnli(DataSpec(data_dir=tmp_path), TargetTaskSpec(name="xnli", languages=["fr"]))


def test_download_writers_read_back(tmp_path: Path):
    hub_rows = [{"premise": "A\tB", "hypothesis": "C\nD", "label": 2}, {"premise": "x", "hypothesis": "y", "label": -1}]
    path = tmp_path / "nli.tsv"
    path.write_text(nli_tsv(hub_rows, "de"))
    assert nli_pairs(read_rows(path), path) == [Pair("A B", "C D", 2)]
    assert read_rows(path)[0]["language"] == "de"
    (tmp_path / "pawsx" / "en").mkdir(parents=True)
    text = pawsx_tsv([{"id": 7, "sentence1": "S1", "sentence2": "S2", "label": 1}])
    for name in ("train.tsv", "dev_2k.tsv"):
        (tmp_path / "pawsx" / "en" / name).write_text(text)
    task = load_pawsx(DataSpec(data_dir=tmp_path), TargetTaskSpec(name="pawsx", languages=["en"]))
    assert task.train == [Pair("S1", "S2", 1)]


def test_tatoeba_line_count_mismatch(tmp_path: Path):
    (tmp_path / "tatoeba.deu-eng.deu").write_text("a\nb\n")
    (tmp_path / "tatoeba.deu-eng.eng").write_text("a\n")
    with pytest.raises(VerifierError, match="2 lines but tatoeba.deu-eng.eng has 1"):
        load_tatoeba(tmp_path, ["deu"], None)


@pytest.mark.skipif(not TATOEBA.is_dir(), reason="../shared/data/tatoeba is absent")
def test_real_tatoeba_files_for_the_36_xtreme_languages():
    bitext = load_tatoeba(TATOEBA, XTREME_TATOEBA, None)
    assert sorted(bitext.pairs) == sorted(XTREME_TATOEBA)
    sizes = {language: len(sentences) for language, (sentences, english) in bitext.pairs.items()}
    assert all(len(english) == sizes[language] for language, (_, english) in bitext.pairs.items())
    assert sizes["deu"] == 1000 and sizes["jav"] == 205 and min(sizes.values()) >= 200
    sentences, english = bitext.pairs["deu"]
    assert sentences[0] == "Maria sagte, sie wisse nicht, wo Tom sei."
    assert english[0] == "Mary said she didn't know where Tom was."
    assert all(s.strip() for s in sentences[:50]) and not any("\n" in s for s in english)
    capped = load_tatoeba(TATOEBA, ["jpn", "cmn"], 40)
    assert [len(capped.pairs[lang][0]) for lang in ("jpn", "cmn")] == [40, 40]
