"""Replication configuration: presets, files in three formats starting from a preset, overrides, errors, fingerprint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verifier.errors import VerifierError
from verifier.replicate.config import PRESETS, XTREME_TATOEBA, load_config, load_preset, with_overrides
from verifier.replicate.tasks import TATOEBA_TO_ISO


def test_presets_load_and_differ_in_scale():
    tiny, small, paper = (load_preset(name) for name in PRESETS)
    assert tiny.data.source == "synthetic" and tiny.model.tiny is not None and len(tiny.seeds) >= 2
    assert small.model.name == "xlm-roberta-large" and small.model.tiny is None
    assert small.intermediate_tasks[0].name == "mnli" and small.intermediate_tasks[0].train_size == 20_000
    assert small.target_tasks[0].languages == ["en", "de", "es", "fr", "ja", "ko", "zh"]
    assert small.seeds == [1, 2, 3] and small.retrieval.languages == XTREME_TATOEBA
    assert small.intermediate_training.learning_rate == 1e-5
    assert paper.intermediate_tasks[0].train_size is None
    assert {t.name: t.epochs for t in paper.target_tasks} == {"pawsx": 5, "xnli": 2}
    assert paper.target_training.batch_size * paper.target_training.grad_accumulation == 32
    assert all(preset.expected_runtime for preset in (tiny, small, paper))


def test_xtreme_tatoeba_languages_are_the_36_with_iso_codes():
    assert len(XTREME_TATOEBA) == 36 and len(set(XTREME_TATOEBA)) == 36
    assert set(XTREME_TATOEBA) == set(TATOEBA_TO_ISO)


@pytest.mark.parametrize(
    "name, text",
    [
        ("run.yaml", "preset: small\nseeds: [7]\nmodel:\n  name: xlm-roberta-base\n"),
        ("run.json", json.dumps({"preset": "small", "seeds": [7], "model": {"name": "xlm-roberta-base"}})),
        ("run.toml", 'preset = "small"\nseeds = [7]\n[model]\nname = "xlm-roberta-base"\n'),
    ],
)
def test_config_files_start_from_their_preset(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    config = load_config(path)
    assert config.seeds == [7] and config.model.name == "xlm-roberta-base"
    assert config.intermediate_tasks[0].train_size == 20_000  # kept from the preset: nested keys merge
    assert config.model.retrieval_layer is None


def test_config_without_preset_uses_defaults(tmp_path: Path):
    path = tmp_path / "run.yaml"
    path.write_text("target_tasks:\n  - name: pawsx\n    languages: [en, de]\nseeds: [1, 2]\n")
    config = load_config(path)
    assert config.model.name == "xlm-roberta-large" and config.retrieval is None


@pytest.mark.parametrize(
    "name, text, fragment",
    [
        ("bad.yaml", "seeds: [1, 2\n", "bad.yaml: not valid yaml"),
        ("bad.yaml", "seeds: nope\n", "bad.yaml: seeds: "),
        ("bad.yaml", "sedes: [1]\n", "bad.yaml: sedes: Extra inputs"),
        ("bad.yaml", "- 1\n- 2\n", "must be a mapping"),
        ("bad.ini", "x=1\n", "unknown configuration format"),
        ("bad.yaml", "preset: huge\n", "unknown preset 'huge'"),
        ("bad.toml", "seeds = [\n", "bad.toml: not valid toml"),
    ],
)
def test_config_errors_are_one_line_naming_the_file(tmp_path: Path, name: str, text: str, fragment: str):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(VerifierError) as caught:
        load_config(path)
    assert fragment in str(caught.value) and "\n" not in str(caught.value)


def test_missing_config_file(tmp_path: Path):
    with pytest.raises(VerifierError, match="configuration file not found"):
        load_config(tmp_path / "absent.yaml")


def test_overrides_and_fingerprint():
    small = load_preset("small")
    moved = with_overrides(small, output_dir=Path("/elsewhere"), device="cuda")
    assert moved.output_dir == Path("/elsewhere") and moved.device == "cuda"
    assert moved.fingerprint() == small.fingerprint()  # where and on which device: not part of the experiment
    base = with_overrides(small, **{"model.name": "xlm-roberta-base"})
    assert base.model.name == "xlm-roberta-base" and base.fingerprint() != small.fingerprint()
    assert with_overrides(small, seeds=[1]).fingerprint() != small.fingerprint()
    with pytest.raises(VerifierError, match="command-line options: device"):
        with_overrides(small, device="tpu")


def test_data_folder_overrides(tmp_path: Path):
    config = with_overrides(load_preset("small"), **{"data.data_dir": tmp_path, "data.paths": {"tatoeba": "/abs/tatoeba", "pawsx": "x-final"}})
    assert config.data.folder("tatoeba") == Path("/abs/tatoeba")
    assert config.data.folder("pawsx") == tmp_path / "x-final"
    assert config.data.folder("mnli") == tmp_path / "mnli"
