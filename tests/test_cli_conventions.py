"""The conventions of command-line tools people like (ruff, gh, sqlite-utils), through typer's CliRunner:
--version/-V, -h, shell completion, -q/-v, NO_COLOR, `-` for stdin and stdout, atomic outputs with the umask's
mode, writing in place to FIFOs and devices, one-line usage errors, word metavars, parse's array shape."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import sys
import threading
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verifier.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "reports" / "examples"
PAPERS = EXAMPLES / "papers"
TSV_REPORT = EXAMPLES / "sparse_adapters_synthesis.txt"
MD_REPORT = EXAMPLES / "multilingual_pretraining_synthesis.md"
ANSI = "\x1b["
runner = CliRunner()


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A private cache, the hashing embedder, no GitHub Actions, and a working directory without configuration."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return {"VERIFIER_CACHE_DIR": str(tmp_path / "cache"), "VERIFIER_MODEL": "hashing", "NO_COLOR": "",
            "FORCE_COLOR": ""}


def audit_args(*extra: str) -> list[str]:
    return ["audit", "--papers", str(PAPERS), "--offline", *extra]


# -- version, help, completion ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag: str) -> None:
    result = runner.invoke(app, [flag])
    assert result.exit_code == 0
    assert result.stdout == f"verifier (claims-verifier) {version('claims-verifier')}\n"


@pytest.mark.parametrize("args", [["-h"], ["audit", "-h"], ["parse", "-h"]])
def test_short_help(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "Usage: verifier" in result.stdout


def test_shell_completion_is_offered_and_completes_commands() -> None:
    help_text = runner.invoke(app, ["--help"]).stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text
    result = runner.invoke(app, [], prog_name="verifier",
                           env={"_VERIFIER_COMPLETE": "complete_bash", "COMP_WORDS": "verifier au", "COMP_CWORD": "1"})
    assert result.exit_code == 0 and result.stdout.split() == ["audit"]


def test_help_metavars_read_as_words() -> None:
    for command in ("parse", "fetch", "audit", "table", "check", "replicate"):
        text = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout
        assert not re.search(r"<(bool|str|int|float|path|list\[[^]]*\])>", text), (command, text)
        assert "{" not in text.split("\n", 3)[1], text  # the usage line: REPORT..., not {REPORT}...
    audit_help = runner.invoke(app, ["audit", "--help"], env={"COLUMNS": "200"}).stdout
    assert "Usage: verifier audit [OPTIONS] REPORT..." in audit_help
    assert re.search(r"--papers\s+DIR", audit_help) and re.search(r"--jobs\s+-j\s+N", audit_help)
    assert re.search(r"--format\s+-f\s+json\|md\|html\|junit", audit_help)


def test_help_and_version_load_no_heavy_modules() -> None:
    for args in (["--help"], ["--version"]):
        completed = subprocess.run([sys.executable, "-X", "importtime", "-m", "verifier.cli", *args], cwd=ROOT,
                                   capture_output=True, text=True, check=True)
        imported = {line.split("|")[-1].strip().split(".")[0] for line in completed.stderr.splitlines()
                    if line.startswith("import time:")}
        assert "typer" in imported
        assert not imported & {"torch", "transformers", "sentence_transformers", "pdfplumber", "pdfminer", "numpy"}


# -- usage errors ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "line"), [
    (["audit", "--jobs", "x", "r.txt"], "error: --jobs: expected a whole number, got 'x'"),
    (["audit", "--jobs", "0", "r.txt"], "error: --jobs: expected a number of at least 1, got '0'"),
    (["check", "--min-confidence", "high", "r.txt"], "error: --min-confidence: expected a number, got 'high'"),
    (["audit", "--format", "xml", "r.txt"], "error: --format: expected one of json, md, html, junit, got 'xml'"),
    (["audit"], "error: missing argument REPORT"),
    (["parse", "--nope", "r.txt"], "error: verifier parse: no such option: --nope"),
    (["nope"], "error: verifier: no such command 'nope'"),
    (["-q", "-v", "parse", "r.txt"], "error: use either -q/--quiet or -v/--verbose, not both"),
])
def test_usage_errors_are_one_line_and_exit_2(args: list[str], line: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == line + "\n"
    assert "Usage:" not in result.output and "╭" not in result.output and "Input should" not in result.output


def test_bad_environment_value_is_worded_like_an_option() -> None:
    result = runner.invoke(app, ["fetch", "2005.13013", "--offline"], env={"VERIFIER_JOBS": "x"})
    assert result.exit_code == 2 and result.stderr == "error: VERIFIER_JOBS: expected a whole number, got 'x'\n"


# -- quiet, verbose, colour ------------------------------------------------------------------------------------------
def test_quiet_and_verbose(env) -> None:
    normal = runner.invoke(app, audit_args(str(EXAMPLES)), env=env)
    assert normal.exit_code == 0, normal.output
    assert "batch summary" in normal.stderr and "[fetch" in normal.stderr
    quiet = runner.invoke(app, ["-q", *audit_args(str(EXAMPLES))], env=env)
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert [r["report"]["source"] for r in json.loads(quiet.stdout)] == \
        [r["report"]["source"] for r in json.loads(normal.stdout)]
    verbose = runner.invoke(app, ["-v", *audit_args(str(TSV_REPORT))], env=env)
    assert verbose.exit_code == 0 and "config: none found" in verbose.stderr


def test_no_color_means_no_escape_sequences_even_when_colour_is_forced(env) -> None:
    forced = {**env, "FORCE_COLOR": "1"}
    assert ANSI in runner.invoke(app, ["audit", "--help"], env=forced).stdout  # the test can see colour
    plain = {**forced, "NO_COLOR": "1"}
    assert ANSI not in runner.invoke(app, ["audit", "--help"], env=plain).stdout
    result = runner.invoke(app, audit_args(str(EXAMPLES)), env=plain)
    assert result.exit_code == 0 and ANSI not in result.output


def test_no_escape_sequences_when_not_a_terminal(env) -> None:
    result = runner.invoke(app, audit_args(str(EXAMPLES)), env=env)
    assert result.exit_code == 0 and ANSI not in result.output


def test_progress_on_a_terminal_is_plain_lines_under_no_color(monkeypatch) -> None:
    from verifier.progress import BarProgress, LineProgress, progress_for

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    bar = progress_for(Terminal())
    assert isinstance(bar, BarProgress)
    bar.close()
    monkeypatch.setenv("NO_COLOR", "1")
    stream = Terminal()
    progress = progress_for(stream)
    assert isinstance(progress, LineProgress)
    progress.stage("fetch", 1)
    progress.advance("2401.01234v1")
    assert stream.getvalue() == "[fetch 1/1] 2401.01234v1\n"


# -- stdin and stdout ------------------------------------------------------------------------------------------------
def test_dash_reads_a_report_from_stdin() -> None:
    result = runner.invoke(app, ["parse", "-"], input=TSV_REPORT.read_bytes())
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["report"]["source"] == "-" and len(record["claims"]) == 12


def test_dash_for_audit_and_with_other_reports(env) -> None:
    result = runner.invoke(app, audit_args("-", str(MD_REPORT)), input=TSV_REPORT.read_bytes(), env=env)
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [r["report"]["source"] for r in records] == ["-", str(MD_REPORT)]
    assert records[0]["claims"][0]["verdict"] is not None


def test_stdin_that_is_not_a_report_is_one_line() -> None:
    result = runner.invoke(app, ["parse", "-"], input=b"just some words\n")
    assert result.exit_code == 2 and result.stderr.startswith("error: -: not a synthesis report")


def test_dash_output_is_stdout(tmp_path) -> None:
    result = runner.invoke(app, ["parse", str(TSV_REPORT), "-o", "-"])
    assert result.exit_code == 0 and json.loads(result.stdout)["report"]["source"] == str(TSV_REPORT)
    assert not (tmp_path / "-").exists() and not Path("-").exists()


# -- output files ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_output_file_gets_the_umask_mode(tmp_path, umask: int, mode: int) -> None:
    target = tmp_path / "out.json"
    old = os.umask(umask)
    try:
        result = runner.invoke(app, ["parse", str(TSV_REPORT), "-o", str(target)])
    finally:
        os.umask(old)
    assert result.exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left behind


def test_existing_output_keeps_its_mode_and_a_symlink_stays_a_symlink(tmp_path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = runner.invoke(app, ["parse", str(TSV_REPORT), "-o", str(link)])
    assert result.exit_code == 0
    assert link.is_symlink() and json.loads(real.read_text())["schema_version"] == 1
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def reader() -> None:
        with open(path, "rb") as handle:
            into.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("through_symlink", [False, True])
def test_output_onto_a_fifo_writes_into_it(tmp_path, through_symlink: bool) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if through_symlink:
        target = tmp_path / "link"
        target.symlink_to(fifo)
    received: list[bytes] = []
    thread = read_fifo(fifo, received)
    result = runner.invoke(app, ["parse", str(TSV_REPORT), "-o", str(target)])
    thread.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a FIFO, not replaced by a regular file
    assert json.loads(received[0])["schema_version"] == 1


def test_output_onto_a_symlink_to_a_device_writes_into_the_device(tmp_path) -> None:
    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    result = runner.invoke(app, ["parse", str(TSV_REPORT), "-o", str(link)])
    assert result.exit_code == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode) and link.is_symlink()


# -- parse's shape ---------------------------------------------------------------------------------------------------
def test_several_reports_give_an_array_even_when_only_one_parses(tmp_path) -> None:
    result = runner.invoke(app, ["parse", str(TSV_REPORT), str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    records = json.loads(result.stdout)
    assert isinstance(records, list) and [r["report"]["source"] for r in records] == [str(TSV_REPORT)]
