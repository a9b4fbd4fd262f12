"""`verifier fetch` through typer's CliRunner, against the local arXiv on 127.0.0.1."""

from __future__ import annotations

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


def test_fetch_prints_a_table_of_papers(server, tmp_path):
    cache = tmp_path / "cache"
    result = runner.invoke(app, ["fetch", "http://arxiv.org/abs/2005.13013v1", "2005.13013v9", "2412.99999",
                                 "--cache-dir", str(cache)], env=env_for(server))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    row = next(line for line in lines if "v1" in line and "2005.13013" in line)
    assert "Fetched Paper" in row and "resolved" in row and "│ 4 " in row.replace("  ", " ")
    assert any("v9" in line and "not_found" in line and "arXiv has v1, v2" in line for line in lines)
    assert any("2412.99999" in line and "not_found" in line for line in lines)
    assert (cache / "index.sqlite3").is_file()
    assert "fetching" not in result.stderr  # no progress bar when stderr is not a terminal


def test_fetch_offline_reports_unavailable_without_network(server, tmp_path):
    result = runner.invoke(app, ["fetch", "2005.13013", "--offline", "--cache-dir", str(tmp_path / "c")], env=env_for(server))
    assert result.exit_code == 0
    assert "unavailable" in result.stdout and "offline" in result.stdout
    assert server.requests == []


def test_fetch_uses_local_sources(server, tmp_path):
    local = tmp_path / "papers"
    local.mkdir()
    (local / "2005.13013v2.txt").write_text("Local Copy\n\nFirst sentence. Second sentence. Third one.\n")
    result = runner.invoke(app, ["fetch", "2005.13013v2", "--papers", str(local), "--cache-dir", str(tmp_path / "c")],
                           env=env_for(server))
    assert result.exit_code == 0
    assert any("Local Copy" in line and "resolved" in line and "│ 3 " in line for line in result.stdout.splitlines())
    assert server.requests == []


@pytest.mark.parametrize("bad", ["../../etc/passwd", "2005.1301", "https://example.com/abs/2005.13013"])
def test_bad_id_is_one_line_and_exit_2_and_the_good_ones_are_still_fetched(server, tmp_path, bad):
    result = runner.invoke(app, ["fetch", "2005.13013", bad, "--cache-dir", str(tmp_path / "c")], env=env_for(server))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: not an arXiv identifier")
    assert "Traceback" not in result.output
    assert any("2005.13013" in line and "resolved" in line for line in result.stdout.splitlines())
    assert not any("etc" in path or "example.com" in path for path in server.requests)


def test_only_bad_ids_fetch_nothing(server, tmp_path):
    result = runner.invoke(app, ["fetch", "nope", "2005.1301", "--cache-dir", str(tmp_path / "c")], env=env_for(server))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 2 and server.requests == []
