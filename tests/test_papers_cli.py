"""`verifier fetch` through typer's CliRunner, against the local arXiv on 127.0.0.1."""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from tests.arxiv_server import arxiv_server  # noqa: F401  (pytest fixture)
from tests.pdfgen import PaperSpec, SectionSpec, write_paper_pdf
from verifier.cli import app

runner = CliRunner()


@pytest.fixture
def server(arxiv_server, tmp_path):  # noqa: F811
    spec = PaperSpec(title="Fetched Paper", authors=["A. Author"], abstract="It is fetched. It has passages.",
                     sections=[SectionSpec(heading="Introduction", paragraphs=["One sentence here. Another one there."])])
    pdf = write_paper_pdf(tmp_path / "p.pdf", spec).read_bytes()
    arxiv_server.add_paper("2005.13013", [pdf, pdf], title="Fetched Paper")
    return arxiv_server


def env_for(server) -> dict[str, str]:
    return {"VERIFIER_ARXIV_API_URL": server.api_url, "VERIFIER_ARXIV_DELAY_SECONDS": "0", "VERIFIER_HTTP_TIMEOUT": "5",
            "COLUMNS": "200"}


def rows_of(stdout: str) -> list[list[str]]:
    """The piped (tab-separated) fetch table: header first."""
    return [line.split("\t") for line in stdout.splitlines()]


def test_fetch_prints_a_table_of_papers_and_exits_1_for_not_found(server, tmp_path):
    cache = tmp_path / "cache"
    result = runner.invoke(app, ["fetch", "http://arxiv.org/abs/2005.13013v1", "2005.13013v9", "2412.99999",
                                 "--cache-dir", str(cache)], env=env_for(server))
    assert result.exit_code == 1, result.output
    header, *rows = rows_of(result.stdout)
    assert header == ["id", "version", "title", "pages", "passages", "status", "note"]
    assert rows[0][:3] == ["2005.13013", "v1", "Fetched Paper"] and rows[0][4:6] == ["4", "resolved"]
    assert rows[1][:2] == ["2005.13013", "v9"] and rows[1][5] == "not_found" and "arXiv has v1, v2" in rows[1][6]
    assert rows[2][0] == "2412.99999" and rows[2][5] == "not_found"
    assert (cache / "index.sqlite3").is_file()
    assert "fetching" not in result.stderr  # no progress bar when stderr is not a terminal


def test_piped_table_keeps_full_ids_and_statuses_at_any_width(server, tmp_path):
    env = {**env_for(server), "COLUMNS": "40"}
    result = runner.invoke(app, ["fetch", "2005.13013v1", "2412.99999", "--offline", "--cache-dir", str(tmp_path / "c")],
                           env=env)
    assert result.exit_code == 1
    assert "…" not in result.stdout
    assert [row[:1] + row[5:6] for row in rows_of(result.stdout)[1:]] == [["2005.13013", "unavailable"],
                                                                          ["2412.99999", "unavailable"]]


def test_fetch_json_format(server, tmp_path):
    result = runner.invoke(app, ["fetch", "2005.13013v1", "--format", "json", "--cache-dir", str(tmp_path / "c")],
                           env=env_for(server))
    assert result.exit_code == 0, result.output
    (paper,) = json.loads(result.stdout)
    assert paper["arxiv_id"] == "2005.13013" and paper["version"] == "v1" and paper["status"] == "resolved"
    assert paper["title"] == "Fetched Paper" and paper["passages"] == 4 and paper["pages"] == 1
    assert paper["note"] is None and paper["versions"] == ["v1", "v2"]


def test_terminal_table_does_not_cut_ids_or_statuses():
    from papers.models import Paper
    from verifier.commands.fetch import render_papers

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    papers = [Paper(arxiv_id="2401.01234", version="v1", status="unavailable", title="A rather long title " * 4,
                    message="offline: no local source and the network is off")]
    render_papers(papers, "table", stream)
    text = stream.getvalue()
    assert "2401.01234" in text and "unavailable" in text


def test_fetch_offline_reports_unavailable_without_network_and_exits_1(server, tmp_path):
    result = runner.invoke(app, ["fetch", "2005.13013", "--offline", "--cache-dir", str(tmp_path / "c")], env=env_for(server))
    assert result.exit_code == 1
    assert "unavailable" in result.stdout and "offline" in result.stdout
    assert server.requests == []


def test_fetch_uses_local_sources(server, tmp_path):
    local = tmp_path / "papers"
    local.mkdir()
    (local / "2005.13013v2.txt").write_text("Local Copy\n\nFirst sentence. Second sentence. Third one.\n")
    result = runner.invoke(app, ["fetch", "2005.13013v2", "--papers", str(local), "--cache-dir", str(tmp_path / "c")],
                           env=env_for(server))
    assert result.exit_code == 0
    assert any(row[2] == "Local Copy" and row[5] == "resolved" and row[4] == "3" for row in rows_of(result.stdout))
    assert server.requests == []


@pytest.mark.parametrize("bad", ["../../etc/passwd", "2005.1301", "https://example.com/abs/2005.13013"])
def test_bad_id_is_one_line_and_exit_2_and_the_good_ones_are_still_fetched(server, tmp_path, bad):
    result = runner.invoke(app, ["fetch", "2005.13013", bad, "--cache-dir", str(tmp_path / "c")], env=env_for(server))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: not an arXiv identifier")
    assert "Traceback" not in result.output
    assert any(row[0] == "2005.13013" and row[5] == "resolved" for row in rows_of(result.stdout))
    assert not any("etc" in path or "example.com" in path for path in server.requests)


def test_only_bad_ids_fetch_nothing(server, tmp_path):
    result = runner.invoke(app, ["fetch", "nope", "2005.1301", "--cache-dir", str(tmp_path / "c")], env=env_for(server))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 2 and server.requests == []


def test_batch_summary_counts_a_paper_once_cited_with_and_without_version(tmp_path, monkeypatch):
    """The examples cite 2401.01234 both as `2401.01234` and as `2401.01234v1`: four references, three papers."""
    import re
    from pathlib import Path

    examples = Path(__file__).resolve().parents[1] / "reports" / "examples"
    monkeypatch.setenv("VERIFIER_MODEL", "hashing")
    result = runner.invoke(app, ["audit", str(examples), "--papers", str(examples / "papers"), "--offline",
                                 "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert "[fetch 4/4]" in result.stderr  # four distinct (id, version) citations were fetched
    assert re.search(r"distinct papers\s*│\s*3\s*│", result.stderr), result.stderr
