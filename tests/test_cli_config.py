"""Project configuration through the CLI: `[tool.claims-verifier]` found upward from each report (then the working
directory), `--config FILE`, every audit setting, precedence argument > file > VERIFIER_* > default, paths relative
to the file, and one-line errors naming the file and key."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verifier.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "reports" / "examples"
REPORT = EXAMPLES / "sparse_adapters_synthesis.txt"
runner = CliRunner()


@pytest.fixture
def project(tmp_path, monkeypatch):
    """project/pyproject.toml (configured), project/reports/r.txt, project/sources/<papers>; cwd elsewhere."""
    root = tmp_path / "project"
    (root / "reports").mkdir(parents=True)
    shutil.copytree(EXAMPLES / "papers", root / "sources")
    shutil.copy(REPORT, root / "reports" / "r.txt")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("VERIFIER_MODEL", "hashing")
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path / "env-cache"))
    return root


def configure(root: Path, body: str, name: str = "pyproject.toml") -> Path:
    path = root / name
    path.write_text(f"[project]\nname = 'x'\n\n[tool.claims-verifier]\n{body}\n" if name == "pyproject.toml" else body)
    return path


def verdicts(stdout: str) -> set[str]:
    return {claim["verdict"] for claim in json.loads(stdout)["claims"]}


def test_config_next_to_the_report_supplies_papers_offline_and_cache_relative_to_itself(project, tmp_path):
    configure(project, 'papers = "sources"\noffline = true\ncache-dir = ".cache"\njobs = 2\nmodel = "hashing"')
    result = runner.invoke(app, ["-v", "audit", str(project / "reports" / "r.txt")])
    assert result.exit_code == 0, result.output
    assert "unverifiable" not in verdicts(result.stdout)  # the local sources were found through the config
    assert (project / ".cache" / "index.sqlite3").is_file()  # relative to the file, not to the cwd
    assert not (tmp_path / "env-cache").exists()  # the file wins over VERIFIER_CACHE_DIR
    assert f"config: {project / 'pyproject.toml'}" in result.stderr


def test_argument_wins_over_the_file(project, tmp_path):
    configure(project, 'papers = "sources"\noffline = true\ncache-dir = ".cache"')
    result = runner.invoke(app, ["audit", str(project / "reports" / "r.txt"), "--cache-dir", str(tmp_path / "flag")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "flag" / "index.sqlite3").is_file() and not (project / ".cache").exists()


def test_environment_applies_without_a_file(project, tmp_path):
    result = runner.invoke(app, ["audit", str(project / "reports" / "r.txt"), "--offline"])
    assert result.exit_code == 0
    assert verdicts(result.stdout) == {"unverifiable"}  # no papers configured anywhere
    assert (tmp_path / "env-cache" / "index.sqlite3").is_file()


def test_working_directory_config_applies_when_none_is_above_the_report(project, tmp_path, monkeypatch):
    loose = tmp_path / "loose.txt"
    shutil.copy(REPORT, loose)
    monkeypatch.chdir(project)
    configure(project, f'papers = "{project / "sources"}"\noffline = true')
    result = runner.invoke(app, ["audit", str(loose)])
    assert result.exit_code == 0, result.output
    assert "unverifiable" not in verdicts(result.stdout)


def test_explicit_config_file_with_top_level_keys(project, tmp_path):
    config = configure(tmp_path, 'papers = "project/sources"\noffline = true\n', name="claims.toml")
    result = runner.invoke(app, ["audit", str(project / "reports" / "r.txt"), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "unverifiable" not in verdicts(result.stdout)


def test_gate_settings_come_from_the_file_near_the_report(project):
    configure(project, 'papers = "sources"\noffline = true\nfail-on = ["mark_disagrees"]\nallow-unverifiable = true')
    failing = runner.invoke(app, ["check", str(project / "reports" / "r.txt")])
    assert failing.exit_code == 1, failing.output
    assert "mark_disagrees" in failing.stdout
    passing = runner.invoke(app, ["check", str(project / "reports" / "r.txt"), "--fail-on", "none"])
    assert passing.exit_code == 0, passing.output


@pytest.mark.parametrize(("body", "fragment"), [
    ("jobs = 'many'", "[tool.claims-verifier] jobs: expected a whole number, got 'many'"),
    ("jobs = 0", "[tool.claims-verifier] jobs: expected a number of at least 1, got 0"),
    ("offline = 'yes'", "[tool.claims-verifier] offline: expected true or false, got 'yes'"),
    ("min-confidence = 3", "[tool.claims-verifier] min-confidence: expected a number of at most 1"),
    ("paper = 'x'", "[tool.claims-verifier] unknown key 'paper'"),
    ("fail-on = ['contradictd']", "'contradictd' is not a known finding code or verdict"),
    ("jobs = [", "not valid TOML"),
])
def test_bad_config_is_one_line_naming_file_and_key(project, body, fragment):
    path = configure(project, body)
    result = runner.invoke(app, ["check", str(project / "reports" / "r.txt"), "--offline"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {path}")
    assert fragment in result.stderr and "Traceback" not in result.output


def test_missing_explicit_config_is_one_line(project, tmp_path):
    result = runner.invoke(app, ["audit", str(project / "reports" / "r.txt"), "--config", str(tmp_path / "none.toml")])
    assert result.exit_code == 2 and result.stderr == f"error: {tmp_path / 'none.toml'}: no such configuration file\n"


def test_reports_under_two_different_configs_are_refused(project, tmp_path):
    configure(project, "offline = true")
    other = tmp_path / "other"
    other.mkdir()
    configure(other, "offline = true")
    shutil.copy(REPORT, other / "o.txt")
    result = runner.invoke(app, ["audit", str(project / "reports" / "r.txt"), str(other / "o.txt")])
    assert result.exit_code == 2 and "run them separately or pass --config FILE" in result.stderr
