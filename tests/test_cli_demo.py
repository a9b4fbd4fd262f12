"""The demo (`scripts/demo.sh`): a short summary on the terminal, the full Markdown and HTML audits in files it
names. The CliRunner test runs the demo's audit commands; the slow one runs the script itself (offline)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verifier.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "reports" / "examples"
runner = CliRunner()


def test_demo_audits_write_files_and_print_only_a_summary(tmp_path, monkeypatch):
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VERIFIER_MODEL", "hashing")
    base = ["audit", str(EXAMPLES), "--papers", str(EXAMPLES / "papers"), "--offline"]
    markdown = runner.invoke(app, [*base, "--format", "md", "-o", str(tmp_path / "audit.md")])
    assert markdown.exit_code == 0, markdown.output
    assert markdown.stdout == ""  # nothing but the summary (stderr) on the terminal
    assert "batch summary" in markdown.stderr and len(markdown.stderr.splitlines()) < 40
    html = runner.invoke(app, [*base, "--format", "html", "-o", str(tmp_path / "audit.html")])
    assert html.exit_code == 0 and html.stdout == ""
    text = (tmp_path / "audit.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) > 100 and "sparse_adapters_synthesis.txt" in text
    assert (tmp_path / "audit.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_demo_script_prints_a_short_summary_and_names_its_files(tmp_path):
    out = tmp_path / "demo"
    env = {**os.environ, "DEMO_OUT": str(out), "VERIFIER_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    completed = subprocess.run(["bash", str(ROOT / "scripts" / "demo.sh")], cwd=tmp_path, env=env,
                               capture_output=True, text=True, timeout=900)
    assert completed.returncode == 0, completed.stderr[-3000:]
    terminal = (completed.stdout + completed.stderr).splitlines()
    assert len(terminal) < 60 and "batch summary" in completed.stderr
    assert completed.stdout.strip().splitlines()[-1].startswith(f"full audit: {out}/audit.md (Markdown, ")
    assert f"{out}/audit.html" in completed.stdout
    assert (out / "audit.md").stat().st_size > 10_000 and (out / "audit.html").stat().st_size > 10_000
