"""Reading report files: encodings, bad inputs, size limit, and walking folders with `parse_paths`."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims import ClaimsError, NotAReportError, parse_bytes, parse_file
from claims.collect import parse_paths, report_files
from claims.decoding import MAX_REPORT_BYTES, decode_report

EXAMPLES = Path(__file__).resolve().parents[1] / "reports" / "examples"
GOOD = (EXAMPLES / "sparse_adapters_synthesis.txt").read_text(encoding="utf-8")


def test_utf8_with_bom_and_utf16() -> None:
    assert decode_report("\ufeffTitle ✓".encode("utf-8"), "r.txt") == "Title ✓"
    assert decode_report("Title ✓ ×".encode("utf-16"), "r.txt") == "Title ✓ ×"


def test_cp1252_fallback_decodes_sensible_text(tmp_path: Path) -> None:
    text = GOOD.replace("✓", "yes").replace("×", "no").replace("Assignee Research", "Café Résumé – “quoted”")
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1252"))
    parsed = parse_file(path)
    assert len(parsed.claims) == 12
    assert sum(bool(c.reported_verified) for c in parsed.claims) == 9
    assert parse_bytes(text.encode("cp1252")).model_dump(exclude={"source"}) == parsed.model_dump(exclude={"source"})


def test_latin1_fallback_when_cp1252_cannot_decode() -> None:
    data = "Caf\u00e9".encode("latin-1") + b"\x81"  # 0x81 is undefined in cp1252
    assert decode_report(data + b" " + b"x" * 100, "r.txt").startswith("Café\x81")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "file is empty"),
        (b"  \n\r\n\t ", "file is empty"),
        (b"\xef\xbb\xbf\n", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (bytes(range(256)) * 8, "binary data"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 10 + b"text", "binary data"),
    ],
)
def test_bad_bytes(data: bytes, message: str) -> None:
    with pytest.raises(ClaimsError, match=rf"^r\.txt: .*{message}"):
        parse_bytes(data, "r.txt")


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ClaimsError, match=r"missing\.txt: no such file"):
        parse_file(tmp_path / "missing.txt")
    with pytest.raises(ClaimsError, match="is a folder"):
        parse_file(tmp_path)
    docx = tmp_path / "report.docx"
    docx.write_text(GOOD, encoding="utf-8")
    with pytest.raises(ClaimsError, match=r"report\.docx: unsupported file type '\.docx'"):
        parse_file(docx)
    prose = tmp_path / "prose.md"
    prose.write_text("Just some notes.\n\nNothing else.\n", encoding="utf-8")
    with pytest.raises(NotAReportError, match=r"prose\.md: not a synthesis report"):
        parse_file(prose)


def test_files_over_the_limit_are_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.write(GOOD.encode("utf-8"))
        handle.truncate(MAX_REPORT_BYTES + 1)  # sparse: nothing is written or read
    with pytest.raises(ClaimsError, match=r"huge\.txt: file is 50 MB, larger than the 50 MB"):
        parse_file(huge)
    huge_pdf = huge.rename(tmp_path / "huge.pdf")
    with pytest.raises(ClaimsError, match=r"huge\.pdf: file is 50 MB"):
        parse_file(huge_pdf)


def test_source_name_is_kept_as_given(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(GOOD, encoding="utf-8")
    assert parse_file(path).source == str(path)
    assert parse_file(path, source="shown/as.txt").source == "shown/as.txt"


def make_folder(root: Path) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text(GOOD, encoding="utf-8")
    (root / "sub" / "b.md").write_text((EXAMPLES / "vocabulary_transfer_brief.md").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)))
    (root / "notes.md").write_text("Meeting notes, not a report.\n", encoding="utf-8")
    (root / "README.md").write_text(GOOD, encoding="utf-8")
    (root / ".hidden" / "c.txt").write_text(GOOD, encoding="utf-8")
    (root / "data.csv").write_text("a,b\n", encoding="utf-8")
    return root


def test_report_files_skips_hidden_readme_and_other_types(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "reports")
    assert [p.relative_to(root).as_posix() for p in report_files(root)] == [
        "a.txt", "binary.txt", "empty.txt", "notes.md", "sub/b.md"]


def test_parse_paths_goes_on_past_bad_files(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "reports")
    reports, errors = parse_paths([root, tmp_path / "nope.txt", root / "a.txt"])
    assert [Path(r.source).relative_to(root).as_posix() for r in reports] == ["a.txt", "sub/b.md", "a.txt"]
    messages = [str(e) for e in errors]
    assert len(messages) == 3
    assert messages[0].startswith(str(root / "binary.txt")) and "binary data" in messages[0]
    assert messages[1] == f"{root / 'empty.txt'}: file is empty"
    assert messages[2] == f"{tmp_path / 'nope.txt'}: no such file or folder"
    assert all("\n" not in m for m in messages)


def test_folder_without_reports_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("Nothing to see.\n", encoding="utf-8")
    reports, errors = parse_paths([tmp_path])
    assert reports == []
    assert [str(e) for e in errors] == [f"{tmp_path}: folder contains no reports (.txt, .md or .pdf synthesis reports)"]


def test_explicit_non_report_is_an_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("Nothing to see.\n", encoding="utf-8")
    reports, errors = parse_paths([notes])
    assert reports == [] and len(errors) == 1 and "not a synthesis report" in str(errors[0])


def test_malformed_rows_give_errors_with_lines_and_the_report(tmp_path: Path) -> None:
    text = GOOD.replace("The experiments use mT5-XL as the base model.\t×\t0.12", "The experiments use mT5-XL as the base model.\t×")
    path = tmp_path / "bad_row.txt"
    path.write_text(text, encoding="utf-8")
    reports, errors = parse_paths([path])
    assert len(reports) == 1 and len(reports[0].claims) == 11
    line = text.split("\n").index("The experiments use mT5-XL as the base model.\t×") + 1
    assert [str(e) for e in errors] == [f"{path}:{line}: table row has 2 columns, the header has 3; row skipped"]


def test_a_fifo_named_explicitly_is_refused_without_blocking(tmp_path: Path) -> None:
    """Opening a FIFO blocked forever waiting for a writer."""
    import os

    fifo = tmp_path / "report.md"
    os.mkfifo(fifo)
    with pytest.raises(ClaimsError, match="not a regular file"):
        parse_file(fifo)


def test_the_folder_walk_does_not_follow_links_out_of_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("| Claim | Verified |\n|---|---|\n| Secret. | ✓ |\n", encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "own.md").write_text("| Claim | Verified |\n|---|---|\n| Own. | ✓ |\n", encoding="utf-8")
    (folder / "link.md").symlink_to(outside / "secret.md")
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    (folder / "inside-link.md").symlink_to(folder / "own.md")
    assert [p.name for p in report_files(folder)] == ["inside-link.md", "own.md"]


def test_read_limited_refuses_a_fifo(tmp_path: Path) -> None:
    """`verifier table` reads reports through `read_limited` too."""
    import os

    from claims.decoding import read_limited

    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    with pytest.raises(ClaimsError, match="not a regular file"):
        read_limited(fifo)
