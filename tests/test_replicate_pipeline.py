"""The `tiny` preset end to end on CPU through `verifier replicate` (baseline and intermediate conditions, zero-shot
evaluation, Tatoeba-style retrieval, result JSON and markdown), resume after an interruption to the same numbers,
the file-based data path with a tiny model, and the command's one-line errors."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verifier.cli import app
from verifier.errors import VerifierError
from verifier.replicate.config import load_preset, with_overrides
from verifier.replicate.results import ReplicationResult

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_REPORT = SHARED / "seed-reports" / "000_e07d4f3471300845.txt"
TATOEBA = SHARED / "data" / "tatoeba"
runner = CliRunner()


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """One uninterrupted tiny run through the CLI, shared by the tests below."""
    out = tmp_path_factory.mktemp("tiny") / "run"
    result = runner.invoke(app, ["replicate", "--preset", "tiny", "--device", "cpu", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, result


def key(score) -> tuple:
    return (score.task, score.language, score.condition, score.intermediate_task, score.seed)


@pytest.mark.slow
def test_tiny_run_writes_complete_result(tiny_run):
    out, invocation = tiny_run
    result = ReplicationResult.model_validate_json((out / "result.json").read_text())
    assert result.synthetic and result.seeds == [1, 2, 3] and result.preset == "tiny"
    counts = {}
    for score in result.scores:
        counts[(score.task, score.condition)] = counts.get((score.task, score.condition), 0) + 1
        assert 0.0 <= score.value <= 100.0 and score.examples > 0
    assert counts == {
        ("pawsx", "baseline"): 21, ("pawsx", "intermediate"): 21,  # 7 languages x 3 seeds per condition
        ("tatoeba", "baseline"): 6, ("tatoeba", "intermediate"): 18,  # untrained baseline is seed-independent
        ("mnli", "intermediate"): 3,
    }  # fmt: skip
    assert len({key(score) for score in result.scores}) == len(result.scores)
    assert len(result.units) == 13 and all(unit.seconds > 0 for unit in result.units)
    assert result.train_examples_per_second > 0 and result.eval_examples_per_second > 0
    assert result.peak_gpu_memory_bytes is None and result.peak_rss_bytes > 0
    assert result.environment["device"] == "cpu" and result.environment["torch"] and result.environment["transformers"]
    assert result.retrieval_layer == 1 and result.num_layers == 2
    assert "## pawsx (accuracy), intermediate task: mnli" in (out / "result.md").read_text()
    assert "| language | baseline | after mnli | Δ |" in invocation.stdout
    assert "[13/13] pawsx after mnli, seed 3" in invocation.stderr
    assert sorted(p.name for p in (out / "checkpoints").iterdir()) == [f"intermediate-mnli-seed{s}.encoder.safetensors" for s in (1, 2, 3)]


@pytest.mark.slow
def test_tiny_summary_deltas_match_scores(tiny_run):
    """The summary's paired delta, recomputed by hand from the per-seed scores."""
    out, _ = tiny_run
    result = ReplicationResult.model_validate_json((out / "result.json").read_text())
    values = {key(score): score.value for score in result.scores}
    for summary in result.summaries:
        if summary.language in ("avg", "zero-shot") or summary.delta is None:
            continue
        task, language = summary.task, summary.language
        deltas = []
        for seed in result.seeds:
            base = values.get((task, language, "baseline", None, seed), values.get((task, language, "baseline", None, None)))
            deltas.append(values[(task, language, "intermediate", "mnli", seed)] - base)
        assert summary.delta.mean == pytest.approx(sum(deltas) / len(deltas))
        assert summary.delta.n == 3


class Interrupted(Exception):
    pass


@pytest.mark.slow
def test_resume_after_interruption_gives_the_same_numbers(tiny_run, tmp_path: Path):
    reference = ReplicationResult.model_validate_json((tiny_run[0] / "result.json").read_text())
    from verifier.replicate.runner import run_replication

    config = with_overrides(load_preset("tiny"), output_dir=tmp_path / "run", device="cpu")

    def kill_mid_training(phase: str, step: int, total: int, loss: float) -> None:
        if phase == "pawsx-mnli-seed2" and step == 25:  # after the step-20 checkpoint
            raise Interrupted

    with pytest.raises(Interrupted):
        run_replication(config, on_step=kill_mid_training)
    assert (tmp_path / "run" / "checkpoints" / "pawsx-mnli-seed2.pt").is_file()
    assert not (tmp_path / "run" / "result.json").exists()
    with pytest.raises(VerifierError, match="rerun with --resume"):
        run_replication(config)
    events: list[str] = []
    resumed, _ = run_replication(config, resume=True, on_event=events.append)
    assert events[0] == "[9/13] pawsx after mnli, seed 2" and len(events) == 5
    timing = {unit.unit: unit for unit in resumed.units}
    assert timing["pawsx-mnli-seed2"].resumed_from_step == 20 and resumed.resumed
    assert {key(s): s.value for s in resumed.scores} == {key(s): s.value for s in reference.scores}
    assert not (tmp_path / "run" / "checkpoints" / "pawsx-mnli-seed2.pt").exists()


@pytest.mark.slow
def test_resume_refuses_another_configuration(tiny_run):
    out, _ = tiny_run
    result = runner.invoke(app, ["replicate", "--preset", "tiny", "--seeds", "1", "-o", str(out), "--resume"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "used another configuration" in result.stderr


@pytest.mark.skipif(not SEED_REPORT.is_file(), reason="../shared/seed-reports is absent")
@pytest.mark.slow
def test_confirm_against_existing_result(tiny_run, tmp_path: Path):
    out, _ = tiny_run
    result = runner.invoke(app, ["replicate", "--result", str(out / "result.json"), "--report", str(SEED_REPORT), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    claims = json.loads((tmp_path / f"claims-{SEED_REPORT.stem}.json").read_text())["claims"]
    assert [c["index"] for c in claims] == [4, 5, 6, 7, 8, 10, 11, 12]
    assert all(c["label"] == "inconclusive" and "synthetic data" in c["explanation"] for c in claims)
    assert f"## Claims of {SEED_REPORT}" in result.stdout


@pytest.mark.parametrize(
    "args, fragment",
    [
        ([], "exactly one of --preset"),
        (["--preset", "tiny", "--config", "x.yaml"], "exactly one of --preset"),
        (["--preset", "huge"], "unknown preset 'huge'"),
        (["--preset", "tiny", "--seeds", "1,x"], "--seeds '1,x'"),
        (["--preset", "tiny", "--model", "xlm-roberta-base"], "does not apply to the tiny preset"),
        (["--result", "/nonexistent/result.json"], "result file not found"),
    ],
)
def test_usage_errors_are_one_line(args, fragment):
    result = runner.invoke(app, ["replicate", *args])
    assert result.exit_code == 2 and fragment in result.stderr and result.stderr.strip().count("\n") == 0


@pytest.mark.parametrize("manifest", ["{broken", "[1]"])
def test_damaged_manifest_is_a_one_line_error(tmp_path: Path, manifest: str):
    out = tmp_path / "run"
    out.mkdir()
    (out / "manifest.json").write_text(manifest)
    result = runner.invoke(app, ["replicate", "--preset", "tiny", "--device", "cpu", "-o", str(out), "--resume"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip().count("\n") == 0 and "damaged run manifest" in result.stderr


def test_output_that_is_a_file_is_a_one_line_error(tmp_path: Path):
    target = tmp_path / "result.txt"
    target.write_text("keep me")
    result = runner.invoke(app, ["replicate", "--preset", "tiny", "--device", "cpu", "-o", str(target)])
    assert result.exit_code == 2 and "must be a folder" in result.stderr and target.read_text() == "keep me"


def test_cuda_request_without_cuda(tmp_path: Path):
    import torch

    if torch.cuda.is_available():
        pytest.skip("a CUDA device is present")
    result = runner.invoke(app, ["replicate", "--preset", "tiny", "--device", "cuda", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "sees no CUDA device" in result.stderr


def test_missing_data_files_fail_before_anything_is_written(tmp_path: Path):
    result = runner.invoke(app, ["replicate", "--preset", "small", "--data-dir", str(tmp_path / "data"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert str(tmp_path / "data" / "mnli" / "train.tsv") in result.stderr and "multinli" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(importlib.util.find_spec("datasets") is not None, reason="`datasets` is installed: --download would use the network")
def test_download_without_datasets_says_what_to_install(tmp_path: Path):
    result = runner.invoke(app, ["replicate", "--preset", "small", "--download", "--data-dir", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "--download needs the `datasets` package" in result.stderr
    assert not (tmp_path / "out").exists()


def write_file_data(root: Path) -> None:
    """A few hundred MNLI- and PAWS-X-format rows, and Tatoeba files when the real ones are absent."""
    words = "red blue green small large old new fast slow warm cold".split()
    (root / "mnli").mkdir(parents=True)
    rows = ["sentence1\tsentence2\tgold_label"]
    for i in range(240):
        a, b = words[i % 11], words[(i * 7) % 11]
        rows.append(f"the {a} house is {b}\tthe house is {b if i % 3 == 0 else a}\t{['entailment', 'neutral', 'contradiction'][i % 3]}")
    for name in ("train.tsv", "dev_matched.tsv"):
        (root / "mnli" / name).write_text("\n".join(rows) + "\n")
    for language in ("en", "de"):
        (root / "pawsx" / language).mkdir(parents=True)
        lines = ["id\tsentence1\tsentence2\tlabel"] + [f"{i}\t{words[i % 11]} {words[(i + 1) % 11]}\t{words[(i + 1) % 11]} {words[i % 11]}\t{i % 2}" for i in range(120)]
        for name in ("train.tsv", "dev_2k.tsv"):
            (root / "pawsx" / language / name).write_text("\n".join(lines) + "\n")


def test_file_data_path_with_a_tiny_model(tmp_path: Path):
    from verifier.replicate.runner import run_replication

    write_file_data(tmp_path / "data")
    tatoeba = TATOEBA if TATOEBA.is_dir() else None
    if tatoeba is None:
        (tmp_path / "data" / "tatoeba").mkdir()
        for ext, text in (("deu", "ein Haus\nzwei Katzen\n"), ("eng", "a house\ntwo cats\n")):
            (tmp_path / "data" / "tatoeba" / f"tatoeba.deu-eng.{ext}").write_text(text * 10)
    overrides = {
        "data.source": "files", "data.data_dir": tmp_path / "data", "seeds": [1, 2],
        "data.paths": {"tatoeba": str(tatoeba)} if tatoeba else {},
        "retrieval.languages": ["deu", "jpn"] if tatoeba else ["deu"], "retrieval.max_pairs": 20,
        "target_tasks": [{"name": "pawsx", "languages": ["en", "de"], "train_size": 100}],
        "intermediate_tasks": [{"name": "mnli", "train_size": 200, "eval_size": 50}],
        "target_training.epochs": 1, "intermediate_training.epochs": 1,
        "output_dir": tmp_path / "out", "device": "cpu",
    }  # fmt: skip
    result, workspace = run_replication(with_overrides(load_preset("tiny"), **overrides))
    assert not result.synthetic
    tasks = {(s.task, s.language, s.condition) for s in result.scores}
    assert ("pawsx", "de", "intermediate") in tasks and ("tatoeba", "deu", "baseline") in tasks
    assert {s.examples for s in result.scores if s.task == "tatoeba"} == {20}
    assert {s.examples for s in result.scores if s.task == "pawsx"} == {120}
    assert (workspace.base_model / "tokenizer.json").is_file()


@pytest.mark.skipif(not TATOEBA.is_dir(), reason="../shared/data/tatoeba is absent")
@pytest.mark.slow
def test_small_preset_shape_on_cpu_with_a_local_model_folder(tiny_run, tmp_path: Path):
    """The small preset's path (a pretrained model from a local folder, file data, all 36 Tatoeba languages), scaled
    down: the tiny run's random base model stands in for XLM-R."""
    write_file_data(tmp_path / "data")
    config = tmp_path / "run.yaml"
    config.write_text(
        "preset: small\n"
        f"data: {{data_dir: {tmp_path / 'data'}, paths: {{tatoeba: {TATOEBA}}}}}\n"
        "intermediate_tasks: [{name: mnli, train_size: 60, eval_size: 30}]\n"
        "target_tasks: [{name: pawsx, languages: [en, de], train_size: 60, eval_size: 30}]\n"
        "retrieval: {max_pairs: 12}\n"
        "intermediate_training: {epochs: 1, max_length: 32}\n"
        "target_training: {epochs: 1, max_length: 32}\n"
        "cpu_threads: 1\n"
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["replicate", "--config", str(config), "--model", str(tiny_run[0] / "base-model"),
                                 "--seeds", "1,2", "--device", "cpu", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    replication = ReplicationResult.model_validate_json((out / "result.json").read_text())
    assert replication.preset == "small" and not replication.synthetic and replication.model.endswith("base-model")
    tatoeba = {s.language for s in replication.scores if s.task == "tatoeba"}
    assert len(tatoeba) == 36
    assert len(replication.units) == 1 + 2 * 4
