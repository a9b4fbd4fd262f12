"""The arXiv id parser: every form reports use, strict rejection of the rest, file-name safety."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papers.errors import PapersError
from papers.ids import parse_arxiv_id, parse_version


@pytest.mark.parametrize(
    "text, bare, version",
    [
        ("2005.13013", "2005.13013", None),
        ("2005.13013v2", "2005.13013", "v2"),
        ("http://arxiv.org/abs/2005.13013v2", "2005.13013", "v2"),
        ("https://arxiv.org/pdf/2005.13013v1.pdf", "2005.13013", "v1"),
        ("https://arxiv.org/pdf/2005.13013", "2005.13013", None),
        ("https://www.arxiv.org/html/2401.01234v3/", "2401.01234", "v3"),
        ("https://export.arxiv.org/abs/2401.01234?context=cs", "2401.01234", None),
        ("arXiv:2401.01234v1", "2401.01234", "v1"),
        ("arxiv: 1409.0473", "1409.0473", None),
        ("  0704.0001v12 ", "0704.0001", "v12"),
        ("hep-th/9901001", "hep-th/9901001", None),
        ("hep-th/9901001v3", "hep-th/9901001", "v3"),
        ("math.GT/0309136", "math.GT/0309136", None),
        ("http://arxiv.org/abs/cs/0112017v1", "cs/0112017", "v1"),
        ("arXiv:quant-ph/0201082", "quant-ph/0201082", None),
        ("HEP-TH/9901001", "hep-th/9901001", None),
        ("stat/0101001", "stat/0101001", None),
        ("https://arxiv.org/format/2005.13013v2", "2005.13013", "v2"),
    ],
)
def test_accepts_every_citation_form(text, bare, version):
    parsed = parse_arxiv_id(text)
    assert (parsed.id, parsed.version) == (bare, version)
    assert parsed.versioned == bare + (version or "")


@pytest.mark.parametrize(
    "text",
    [
        "", "   ", "2005.1301", "2005.130131", "1501.1234", "1412.12345", "0612.1234", "2013.12345", "2000.12345",
        "2005.13013v0", "2005.13013v", "2005.13013vv2", "hep-th/990100", "nonsense/9901001", "hep-th/9913001",
        "../../etc/passwd", "2005.13013/../../x", "https://example.com/abs/2005.13013", "doi:10.1000/182",
        "2005.13013 2005.13014", "2005.13013\x00", "arXiv:", "0٠01.0000", "2401.0123", "0612.12345",
        "stat/0101001v0", "2005.00000",
    ],
)
def test_rejects_everything_else(text):
    with pytest.raises(PapersError, match="arXiv identifier"):
        parse_arxiv_id(text)


def test_error_message_is_one_line_and_quotes_input():
    with pytest.raises(PapersError) as caught:
        parse_arxiv_id("not-an-id\nsecond line")
    assert "\n" not in str(caught.value).replace("\\n", "")
    assert "not-an-id" in str(caught.value)


def test_old_style_filename_stem_has_no_separator():
    parsed = parse_arxiv_id("hep-th/9901001v2")
    assert parsed.filename_stem == "hep-th_9901001v2"
    assert parsed.bare_stem == "hep-th_9901001"


@pytest.mark.parametrize("given_version, expected", [("2", "v2"), ("v3", "v3"), ("V4", "v4"), (None, None), ("", None)])
def test_parse_version(given_version, expected):
    assert parse_version(given_version) == expected


@pytest.mark.parametrize("bad", ["v0", "x", "2.1", "-1"])
def test_parse_version_rejects(bad):
    with pytest.raises(PapersError):
        parse_version(bad)


ID_LIKE = st.one_of(
    st.text(max_size=60),
    st.from_regex(r"(https?://arxiv\.org/(abs|pdf)/)?[a-z.\-/\\]{0,12}\d{4}\.\d{4,5}(v\d{1,3})?[./\\a-z]{0,8}", fullmatch=True),
    st.from_regex(r"[a-zA-Z\-.]{1,12}/[\d./]{5,12}(v\d)?", fullmatch=True),
)


@settings(max_examples=400, deadline=None)
@given(ID_LIKE)
def test_no_input_escapes_the_cache_directory(text):
    root = Path("/cache/files").resolve()
    try:
        parsed = parse_arxiv_id(text)
    except PapersError:
        return
    stem = parsed.filename_stem
    assert stem and set(stem) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    assert os.sep not in stem and "/" not in stem and ".." not in stem and not stem.startswith(".")
    for suffix in (".pdf", ".txt", ".md"):
        assert (root / f"{stem}{suffix}").resolve().parent == root


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[0-9]{2}(0[1-9]|1[0-2])\.[0-9]{5}", fullmatch=True), st.integers(min_value=1, max_value=999))
def test_new_style_round_trips_through_every_form(bare, number):
    if bare[:4] < "1501":
        bare = bare[:-1]
    if bare[:4] < "0704" or not bare[5:].strip("0"):
        return
    for form in (f"{bare}v{number}", f"arXiv:{bare}v{number}", f"http://arxiv.org/abs/{bare}v{number}",
                 f"https://arxiv.org/pdf/{bare}v{number}.pdf"):
        parsed = parse_arxiv_id(form)
        assert (parsed.id, parsed.version) == (bare, f"v{number}")
        assert parse_arxiv_id(parsed.versioned) == parsed


@pytest.mark.parametrize("text", ["0٠01.0000", "2٠01.00001", "2401.0000٣", "hep-th/99٠1001"])
def test_non_ascii_digits_are_refused(text):
    """`\\d` matched Arabic-Indic digits, so '0٠01.0000' became the cache file name '2٠01.00001'."""
    with pytest.raises(PapersError, match="non-ASCII"):
        parse_arxiv_id(text)


def test_the_reason_is_in_the_message():
    with pytest.raises(PapersError, match="ids from 1501 have 5 digits after the dot"):
        parse_arxiv_id("arXiv:2401.0123")
