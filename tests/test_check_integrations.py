"""The reusable integrations: the composite GitHub Action (action.yml and its changed-reports script) and the
pre-commit hook definition."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from verifier.cli import app

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "changed-reports.sh"
EXAMPLE_PAPER = ROOT / "reports" / "examples" / "papers" / "2401.01234v1.md"


def test_action_is_a_composite_action_running_verifier_check():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert all("shell" in step for step in steps if "run" in step), "composite run steps need a shell"
    assert any("verifier check" in step.get("run", "") for step in steps)
    used = {match for step in steps for match in re.findall(r"inputs\.([\w-]+)", str(step))}
    assert used <= set(action["inputs"]), used - set(action["inputs"])
    assert {"reports", "fail-on", "min-confidence", "papers", "offline"} <= set(action["inputs"])


def test_pre_commit_hook_runs_check_on_reports_only():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "claims-verifier-check")
    assert hook["entry"].startswith("verifier check") and hook["language"] == "python" and hook["pass_filenames"]
    pattern = re.compile(hook["files"])
    assert pattern.search("reports/2026/synthesis.txt") and pattern.search("docs/reports/a.md")
    assert not pattern.search("README.md") and not pattern.search("reports/data.csv")


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


def changed(repo: Path, **env: str) -> list[str]:
    """The files the changed-reports script names, read from its $GITHUB_OUTPUT multi-line block."""
    result = subprocess.run(["bash", str(SCRIPT)], cwd=repo, env={**os.environ, **env}, check=True,
                            capture_output=True, text=True)
    lines = result.stdout.split("\n")
    assert lines[0] == "list<<END_OF_REPORTS" and lines[-2:] == ["END_OF_REPORTS", ""], result.stdout
    return lines[1:-2]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_changed_reports_script_picks_added_and_modified_reports(tmp_path):
    repo = tmp_path / "repo"
    (repo / "reports").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "reports" / "old.txt").write_text("old\n")
    (repo / "reports" / "same.md").write_text("same\n")
    (repo / "README.md").write_text("readme\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "one")
    base = git(repo, "rev-parse", "HEAD")
    (repo / "reports" / "old.txt").write_text("changed\n")
    (repo / "reports" / "new.pdf").write_bytes(b"%PDF-1.4\n")
    (repo / "reports" / "my report é.md").write_text("spaces\n")
    (repo / "reports" / "notes.csv").write_text("x\n")
    (repo / "README.md").write_text("changed\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "two")
    assert sorted(changed(repo, BASE_SHA=base, REPORTS_DIR="reports")) == \
        ["reports/my report é.md", "reports/new.pdf", "reports/old.txt"]
    everything = changed(repo, BASE_SHA="0" * 40, REPORTS_DIR="reports/")
    assert sorted(everything) == ["reports/my report é.md", "reports/new.pdf", "reports/old.txt", "reports/same.md"]
    assert changed(repo, INPUT_REPORTS="a.txt b/") == ["a.txt", "b/"]
    assert changed(repo, INPUT_REPORTS="reports/my report é.md\nreports/old.txt") == \
        ["reports/my report é.md", "reports/old.txt"]
    assert changed(repo, BASE_SHA=base, REPORTS_DIR="elsewhere") == []


def test_action_installs_the_cpu_torch_build_first_pinned_like_setup():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    steps = action["runs"]["steps"]
    install = next(step for step in steps if "pip install" in step.get("run", ""))
    commands = [line.strip() for line in install["run"].splitlines() if "pip install" in line]
    assert "torch==" in commands[0] and "--index-url" in commands[0] and "$ACTION_PATH" in commands[1]
    assert action["inputs"]["torch-index-url"]["default"].endswith("/whl/cpu")
    pinned = re.search(r'"torch==([^"]+)"', (ROOT / "scripts" / "setup.sh").read_text()).group(1)
    assert action["inputs"]["torch-version"]["default"] == pinned


def test_action_never_splits_expressions_into_shell_code():
    """`${{ ... }}` inside `run:` is pasted into the script before bash sees it (quoting and injection trouble);
    every value reaches the scripts through `env:`."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]


@pytest.fixture
def reports_folder(tmp_path, monkeypatch):
    """A repository folder with reports/: one good report whose name has spaces, the cited paper's source kept
    beside it (not a report), and the local sources folder."""
    reports = tmp_path / "reports"
    (reports / "papers").mkdir(parents=True)
    shutil.copy(EXAMPLE_PAPER, reports / "papers" / EXAMPLE_PAPER.name)
    shutil.copy(EXAMPLE_PAPER, reports / "2401.01234v1.md")  # a paper source under reports/, staged too
    (reports / "my clean report.txt").write_text(clean_report(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VERIFIER_MODEL", "hashing")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def clean_report() -> str:
    from tests.test_check_cli import SUPPORTED, report_text

    return report_text(SUPPORTED)


def test_pre_commit_hook_entry_skips_files_that_are_not_reports(reports_folder):
    hook = next(h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text()) if h["id"] == "claims-verifier-check")
    program, *args = shlex.split(hook["entry"])
    assert program == "verifier"
    staged = ["reports/2401.01234v1.md", "reports/my clean report.txt"]
    assert all(re.search(hook["files"], name) for name in staged)  # the hook passes both
    result = CliRunner().invoke(app, [*args, "--papers", "reports/papers", "--offline", *staged])
    assert result.exit_code == 0, result.output
    assert "note: reports/2401.01234v1.md: skipped, not a synthesis report" in result.stderr
    assert "check passed" in result.stdout and "1 report" in result.stdout
    only_sources = CliRunner().invoke(app, [*args, "--offline", "reports/2401.01234v1.md"])
    assert only_sources.exit_code == 0 and "nothing to check" in only_sources.stdout
    strict = CliRunner().invoke(app, ["check", "--papers", "reports/papers", "--offline", *staged])
    assert strict.exit_code == 2  # named explicitly without the flag, a non-report is still bad input


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_action_check_step_runs_with_report_names_that_have_spaces(reports_folder):
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    step = next(step for step in action["runs"]["steps"] if "verifier check" in step.get("run", ""))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "REPORTS": "reports/my clean report.txt\nreports/2401.01234v1.md", "FAIL_ON": "", "MIN_CONFIDENCE": "",
           "PAPERS": "reports/papers", "OFFLINE": "true", "JOBS": "", "HF_HUB_OFFLINE": "1"}
    result = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=reports_folder, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "check passed" in result.stdout and "skipped, not a synthesis report" in result.stderr


def test_readme_versions_exist_as_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "@v1" in readme and "rev: v1" in readme
    assert "## Releasing" in readme and "git tag -f v1" in readme
    example = yaml.safe_load((ROOT / "docs" / "examples" / "claims-check.yml").read_text(encoding="utf-8"))
    uses = [step.get("uses", "") for step in example["jobs"]["check"]["steps"]]
    assert "actions/checkout@v4" in uses and any(u.endswith("/claims-verifier@v1") for u in uses)
    checkout = next(step for step in example["jobs"]["check"]["steps"] if step.get("uses") == "actions/checkout@v4")
    assert checkout["with"]["fetch-depth"] == 0
    assert not (ROOT / ".github" / "workflows" / "claims-check.yml").exists()  # an example, not run here
