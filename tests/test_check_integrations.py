"""The reusable integrations: the composite GitHub Action (action.yml and its changed-reports script) and the
pre-commit hook definition."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "changed-reports.sh"


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
    assert hook["entry"] == "verifier check" and hook["language"] == "python" and hook["pass_filenames"]
    pattern = re.compile(hook["files"])
    assert pattern.search("reports/2026/synthesis.txt") and pattern.search("docs/reports/a.md")
    assert not pattern.search("README.md") and not pattern.search("reports/data.csv")


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


def changed(repo: Path, **env: str) -> str:
    result = subprocess.run(["bash", str(SCRIPT)], cwd=repo, env={**os.environ, **env}, check=True,
                            capture_output=True, text=True)
    assert result.stdout.startswith("list=")
    return result.stdout.strip()[len("list="):]


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
    (repo / "reports" / "notes.csv").write_text("x\n")
    (repo / "README.md").write_text("changed\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "two")
    assert sorted(changed(repo, BASE_SHA=base, REPORTS_DIR="reports").split()) == ["reports/new.pdf", "reports/old.txt"]
    everything = changed(repo, BASE_SHA="0" * 40, REPORTS_DIR="reports/")
    assert sorted(everything.split()) == ["reports/new.pdf", "reports/old.txt", "reports/same.md"]
    assert changed(repo, INPUT_REPORTS="a.txt b/") == "a.txt b/"
    assert changed(repo, BASE_SHA=base, REPORTS_DIR="elsewhere") == ""
