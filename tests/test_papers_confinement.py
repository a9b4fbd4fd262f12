"""`--papers DIR` is confined: links out of DIR are refused (with a warning), only regular files are read (a FIFO
never blocks), a file over the size cap is refused unread; the cache folder's lock and files are never links."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from papers import Library
from papers.errors import UnreadableSource
from papers.files import read_regular_file
from papers.limits import Limits

ID = "2005.13013"
TEXT = "Adapters\n\nStacked adapters improve F1 by 5.4 points. Nothing else.\n"


@pytest.fixture
def folder(tmp_path) -> Path:
    local = tmp_path / "papers"
    local.mkdir()
    return local


def get(folder: Path, cache: Path, cited: str, **limits) -> tuple:
    with Library(cache, papers_dir=folder, offline=True, limits=Limits(**limits)) as lib:
        return lib.get(cited), lib.warnings()


def test_link_to_a_file_outside_the_folder_is_refused_with_a_warning(folder, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Title\n\nThe password is hunter2. It is secret.\n")
    (folder / f"{ID}v2.txt").symlink_to(secret)
    paper, warnings = get(folder, tmp_path / "cache", f"{ID}v2")
    assert paper.status == "unavailable" and not paper.passages
    assert "hunter2" not in paper.model_dump_json()
    assert "outside" in paper.message and f"{ID}v2.txt" in paper.message
    assert len(warnings) == 1 and "outside" in warnings[0] and str(secret) in warnings[0]


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_link_to_proc_environ_is_never_read(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("VERIFIER_TEST_SECRET", "s3cr3t-value-42")
    (folder / f"{ID}v1.txt").symlink_to("/proc/self/environ")
    paper, warnings = get(folder, tmp_path / "cache", f"{ID}v1")
    assert paper.status == "unavailable" and "s3cr3t-value-42" not in paper.model_dump_json()
    assert warnings and "outside" in warnings[0]


def test_link_inside_the_folder_is_followed(folder, tmp_path):
    (folder / "real.txt").write_text(TEXT)
    (folder / f"{ID}v2.txt").symlink_to(folder / "real.txt")
    paper, warnings = get(folder, tmp_path / "cache", f"{ID}v2")
    assert paper.status == "resolved" and "Stacked adapters improve F1 by 5.4 points." in [p.text for p in paper.passages]
    assert warnings == []


def test_linked_folder_itself_is_fine(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / f"{ID}v2.txt").write_text(TEXT)
    (tmp_path / "alias").symlink_to(real)
    paper, warnings = get(tmp_path / "alias", tmp_path / "cache", f"{ID}v2")
    assert paper.status == "resolved" and warnings == []


def test_fifo_never_blocks(folder, tmp_path):
    os.mkfifo(folder / f"{ID}v2.txt")
    started = time.monotonic()
    paper, warnings = get(folder, tmp_path / "cache", f"{ID}v2")
    assert time.monotonic() - started < 5
    assert paper.status == "unavailable" and "not a regular file" in paper.message
    assert warnings and "not a regular file" in warnings[0]


def test_fifo_named_directly_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableSource, match="not a regular file"):
        read_regular_file(fifo, 1000)


def test_file_over_the_cap_is_refused_unread(folder, tmp_path):
    huge = folder / f"{ID}v2.pdf"
    with open(huge, "wb") as handle:  # sparse: 3 GB long, no disk used
        handle.truncate(3 * 10**9)
    started = time.monotonic()
    paper, _ = get(folder, tmp_path / "cache", f"{ID}v2")
    assert time.monotonic() - started < 5
    assert paper.status == "unavailable" and "too large" in paper.message and "3.0 GB" in paper.message


def test_cap_is_configurable(folder, tmp_path):
    (folder / f"{ID}v2.txt").write_text(TEXT)
    small, _ = get(folder, tmp_path / "cache", f"{ID}v2", max_local_bytes=10)
    large, _ = get(folder, tmp_path / "cache", f"{ID}v2")
    assert small.status == "unavailable" and "too large" in small.message
    assert large.status == "resolved"


def test_link_swapped_in_after_listing_is_refused(folder, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Title\n\nThe password is hunter2.\n")
    source = folder / f"{ID}v2.txt"
    source.write_text(TEXT)
    with Library(tmp_path / "cache", papers_dir=folder, offline=True) as lib:
        source.unlink()
        source.symlink_to(secret)
        paper = lib.get(f"{ID}v2")
    assert paper.status == "unavailable" and "hunter2" not in paper.model_dump_json()


def test_read_regular_file_refuses_a_link(tmp_path):
    target = tmp_path / "t.txt"
    target.write_text("x")
    (tmp_path / "l.txt").symlink_to(target)
    with pytest.raises(UnreadableSource, match="symbolic link"):
        read_regular_file(tmp_path / "l.txt", 1000)
    assert read_regular_file(target, 1000) == b"x"
