"""The one arXiv-id grammar (`grammar.arxiv_id`), shared by `claims` and `papers`: every written form, the real
ranges, ASCII digits only, reasons for what is refused, and one linear pass to find ids in text."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grammar.arxiv_id import ArxivIdError, find_arxiv_ids, parse_arxiv_id, parse_version

SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("http://arxiv.org/abs/2104.07412v2", ("2104.07412", "v2")),
        ("<http://arxiv.org/abs/2104.07412v2>", ("2104.07412", "v2")),
        ("https://arxiv.org/pdf/2005.13013v2.pdf", ("2005.13013", "v2")),
        ("https://arxiv.org/html/2401.01234v1", ("2401.01234", "v1")),
        ("https://arxiv.org/format/2401.01234", ("2401.01234", None)),
        ("https://www.arxiv.org/abs/2401.01234/", ("2401.01234", None)),
        ("https://export.arxiv.org/abs/2401.01234?context=cs", ("2401.01234", None)),
        ("https://export.arxiv.org/abs/hep-th/9901001", ("hep-th/9901001", None)),
        ("arXiv:2005.13013", ("2005.13013", None)),
        ("ARXIV: 2005.13013V3", ("2005.13013", "v3")),
        ("0704.0001", ("0704.0001", None)),
        ("1412.9999", ("1412.9999", None)),
        ("1501.00001", ("1501.00001", None)),
        ("hep-th/9901001v2", ("hep-th/9901001", "v2")),
        ("stat/0101001", ("stat/0101001", None)),
        ("math.GT/0309136", ("math.GT/0309136", None)),
        ("arXiv:HEP-TH/9108001", ("hep-th/9108001", None)),
        ("cs/0703999", ("cs/0703999", None)),
    ],
)
def test_accepts(written: str, expected: tuple[str, str | None]) -> None:
    parsed = parse_arxiv_id(written)
    assert (parsed.id, parsed.version) == expected


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("2401.0123", "ids from 1501 have 5 digits after the dot, not 4"),
        ("arXiv:2401.0123", "ids from 1501 have 5 digits after the dot, not 4"),
        ("0612.12345", "new-style ids start at 0704"),
        ("0706.12345", "ids before 1501 have 4 digits after the dot, not 5"),
        ("2413.01234", "month 13 is not 01-12"),
        ("2400.01234", "month 00 is not 01-12"),
        ("2005.13013v0", "versions start at v1"),
        ("2005.13013v01", "versions start at v1"),
        ("2005.13013v", "a version needs a number"),
        ("2005.13013v1234", "more than 3 digits"),
        ("2005.00000", "paper numbers start at 1"),
        ("nonsense/9901001", "not an arXiv archive"),
        ("hep-th/990100", "7 digits"),
        ("hep-th/9107001", "old-style ids run from 9108 to 0703"),
        ("hep-th/0704001", "old-style ids run from 9108 to 0703"),
        ("0٠01.0000", "non-ASCII"),
        ("2005.1301٣", "non-ASCII"),
        ("https://example.org/abs/2005.13013", "expected e.g."),
        ("arXiv:", "nothing after the arXiv: prefix"),
        ("", "empty"),
    ],
)
def test_refuses_with_the_reason(written: str, reason: str) -> None:
    with pytest.raises(ArxivIdError) as caught:
        parse_arxiv_id(written)
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


def test_versions_given_alone() -> None:
    assert [parse_version(v) for v in ("2", "v3", "V4", None, " ")] == ["v2", "v3", "v4", None, None]
    for bad in ("v0", "x", "2.1", "-1", "٣"):
        with pytest.raises(ArxivIdError):
            parse_version(bad)


def test_find_every_form_in_order_with_malformed_ones_reported() -> None:
    text = ("Cite 2005.13013v2, then arXiv:2104.07412 and <http://arxiv.org/abs/2306.12916v3>; arxiv.org/format/"
            "stat/0101001; not 1.5 or 10.1145/3442188.3445922; bad: arXiv:2401.0123, 0612.12345 and 2005.13013v0.")
    found = find_arxiv_ids(text)
    assert [(m.arxiv_id, m.version, m.written) for m in found[:4]] == [
        ("2005.13013", "v2", "2005.13013v2"),
        ("2104.07412", None, "arXiv:2104.07412"),
        ("2306.12916", "v3", "http://arxiv.org/abs/2306.12916v3"),
        ("stat/0101001", None, "arxiv.org/format/stat/0101001"),
    ]
    assert text[found[1].start:found[1].end] == "arXiv:2104.07412"
    bad = found[4:]
    assert [m.written for m in bad] == ["arXiv:2401.0123", "0612.12345", "2005.13013v0"]
    assert all(m.arxiv_id is None and m.error is not None for m in bad)
    assert "5 digits" in bad[0].error.reason and "0704" in bad[1].error.reason and "v1" in bad[2].error.reason


def test_bare_ids_can_be_excluded() -> None:
    found = find_arxiv_ids("2005.13013 or arXiv:2104.07412 or 2401.0123", bare=False)
    assert [m.arxiv_id for m in found] == ["2104.07412"]


def test_ids_glued_to_other_text_are_not_ids() -> None:
    glued = "x2005.13013 2005.13013x 1.2005.13013 2005.13013.5 data/1234567 fakearxiv.org/abs/2005.13013"
    assert find_arxiv_ids(glued) == []


def test_finding_is_linear_in_the_number_of_ids() -> None:
    """The old finder checked every match against every earlier one (quadratic: 40k ids > 60 s)."""
    text = " ".join(["2005.13013"] * 40_000 + ["arXiv:2104.07412"] * 20_000)
    started = time.perf_counter()
    found = find_arxiv_ids(text)
    assert len(found) == 60_000 and time.perf_counter() - started < 2.0


# Reference oracle: the rules written out once more, independently of the grammar's code.
_ORACLE_NEW = re.compile(r"(\d\d)(\d\d)\.(\d{4,5})(?:v([1-9]\d{0,2}))?", re.ASCII)


def _oracle_valid_new(text: str) -> bool:
    match = _ORACLE_NEW.fullmatch(text)
    if not match:
        return False
    yymm, number = match.group(1) + match.group(2), match.group(3)
    return (1 <= int(match.group(2)) <= 12 and yymm >= "0704" and len(number) == (5 if yymm >= "1501" else 4)
            and int(number) > 0)


@settings(max_examples=500, deadline=None)
@given(st.from_regex(r"[0-9٠-٩]{4}\.[0-9٠-٩]{3,6}(v[0-9]{1,4})?", fullmatch=True))
def test_new_style_ids_follow_the_rules(text: str) -> None:
    try:
        parsed = parse_arxiv_id(text)
    except ArxivIdError as error:
        assert not _oracle_valid_new(text), error
        return
    assert _oracle_valid_new(text)
    assert parsed.versioned == text and set(parsed.versioned) <= SAFE
    assert parse_arxiv_id(f"https://arxiv.org/abs/{text}") == parsed == parse_arxiv_id(f"arXiv:{text}")
    assert [m.parsed for m in find_arxiv_ids(f"see {text}.")] == [parsed]


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_an_id_of_safe_characters_or_an_error(text: str) -> None:
    try:
        parsed = parse_arxiv_id(text)
    except ArxivIdError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert set(parsed.versioned) <= SAFE and ".." not in parsed.versioned
    for match in find_arxiv_ids(text):
        assert (match.parsed is None) != (match.error is None)
