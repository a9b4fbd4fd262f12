"""arXiv id recognition in every written form reports use."""

from __future__ import annotations

import pytest

from claims.arxiv_ids import canonical_abs_url, find_arxiv_ids, parse_arxiv_id


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("http://arxiv.org/abs/2104.07412v2", ("2104.07412", "v2")),
        ("<http://arxiv.org/abs/2104.07412v2>", ("2104.07412", "v2")),
        ("https://arxiv.org/abs/2005.13013", ("2005.13013", None)),
        ("https://arxiv.org/pdf/2005.13013v2", ("2005.13013", "v2")),
        ("https://arxiv.org/pdf/2005.13013v2.pdf", ("2005.13013", "v2")),
        ("https://arxiv.org/html/2401.01234v1", ("2401.01234", "v1")),
        ("https://www.arxiv.org/abs/2401.01234/", ("2401.01234", None)),
        ("https://export.arxiv.org/abs/hep-th/9901001", ("hep-th/9901001", None)),
        ("arxiv.org/abs/1810.12836v4", ("1810.12836", "v4")),
        ("arXiv:2005.13013", ("2005.13013", None)),
        ("arXiv: 2005.13013v3", ("2005.13013", "v3")),
        ("ARXIV:2005.13013V3", ("2005.13013", "v3")),
        ("hep-th/9901001", ("hep-th/9901001", None)),
        ("hep-th/9901001v2", ("hep-th/9901001", "v2")),
        ("math.GT/0309136", ("math.GT/0309136", None)),
        ("arXiv:HEP-TH/9901001", ("hep-th/9901001", None)),
        ("0704.0001", ("0704.0001", None)),
        ("2401.012345", None),
        ("2413.01234", None),
        ("data/1234567", None),
        ("see 2005.13013 and 2104.07412", None),
        ("https://example.org/abs/2005.13013", None),
        ("", None),
    ],
)
def test_parse_arxiv_id(written: str, expected) -> None:
    assert parse_arxiv_id(written) == expected


def test_find_arxiv_ids_in_prose() -> None:
    text = "Cite 2005.13013v2, then arXiv:2104.07412 and <http://arxiv.org/abs/2306.12916v3>; not 1.5 or 10.1145/3442188.3445922."
    found = find_arxiv_ids(text)
    assert [(m.arxiv_id, m.version, m.written) for m in found] == [
        ("2005.13013", "v2", "2005.13013v2"),
        ("2104.07412", None, "arXiv:2104.07412"),
        ("2306.12916", "v3", "http://arxiv.org/abs/2306.12916v3"),
    ]
    assert text[found[1].start : found[1].end] == "arXiv:2104.07412"


def test_bare_ids_can_be_excluded() -> None:
    found = find_arxiv_ids("2005.13013 or arXiv:2104.07412", bare=False)
    assert [m.arxiv_id for m in found] == ["2104.07412"]


def test_canonical_abs_url() -> None:
    assert canonical_abs_url("2005.13013", "v2") == "http://arxiv.org/abs/2005.13013v2"
    assert canonical_abs_url("hep-th/9901001") == "http://arxiv.org/abs/hep-th/9901001"
