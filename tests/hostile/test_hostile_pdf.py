"""PDF reports: a decompression bomb is refused before it is inflated, and a long report is read page by page
(each page released) so memory stays bounded."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest

import claims.limits
from claims import ClaimsError, parse_bytes

ROOT = Path(__file__).resolve().parents[2]


def pdf_with_content(compressed: bytes) -> bytes:
    """A one-page PDF whose page content is the given FlateDecode stream (Helvetica as F1)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(compressed) + compressed + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


TEXT = b"BT /F1 12 Tf 72 700 Td (Claim Verified) Tj 0 -14 Td (Adapters help. yes) Tj ET\n"


def bomb(inflated: int) -> bytes:
    """Compressed page content that inflates to `inflated` bytes (text, then spaces), made without holding it."""
    packer = zlib.compressobj(9)
    chunks = [packer.compress(TEXT)]
    block = b" " * (16 * 1024 * 1024)
    left = inflated - len(TEXT)
    while left > 0:
        chunks.append(packer.compress(block[: min(left, len(block))]))
        left -= len(block)
    chunks.append(packer.flush())
    return pdf_with_content(b"".join(chunks))


def test_a_small_page_is_read() -> None:
    report = parse_bytes(pdf_with_content(zlib.compress(TEXT)), "small.pdf")
    assert [c.text for c in report.claims] == ["Adapters help."] and report.pages == 1


def test_a_stream_inflating_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claims.limits, "LIMITS", dataclasses.replace(claims.limits.LIMITS, max_inflated_bytes=2**20))
    data = bomb(4 * 2**20)
    assert len(data) < 20_000
    with pytest.raises(ClaimsError, match=r"^bomb\.pdf: PDF stream at byte .* inflates past 1 MB"):
        parse_bytes(data, "bomb.pdf")


def _run_measured(code: str, tmp_path: Path) -> str:
    script = tmp_path / "measure.py"
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
def test_a_1_gb_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """A ~1 MB stream inflating to 1 GB (2.05 GB of memory before): refused at the default limit."""
    path = tmp_path / "bomb.pdf"
    path.write_bytes(bomb(2**30))
    assert path.stat().st_size < 2 * 2**20
    out = _run_measured(f"""
        import resource
        from pathlib import Path
        from claims import ClaimsError, parse_file
        try:
            parse_file(Path({str(path)!r}))
        except ClaimsError as error:
            print("refused", error)
        print("maxrss_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """, tmp_path)
    assert "refused" in out and "inflates past" in out
    assert int(out.split("maxrss_mb")[1]) <= 500


@pytest.mark.slow
def test_a_300_page_report_parses_in_at_most_500_mb(tmp_path: Path) -> None:
    """Before, every page's layout objects were kept: 3.31 GB for 301 pages."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "long.pdf"
    canvas = Canvas(str(path), pagesize=letter, invariant=1)
    for page in range(300):
        lines = ["Claim Verified Confidence"] if page == 0 else []
        lines += [f"Claim {page}-{row}: adapters improve XNLI accuracy by {row}.{page % 10} points. yes 0.{row % 10}"
                  for row in range(55)]
        for row, line in enumerate(lines):
            canvas.drawString(54, 740 - 12 * row, line)
        canvas.showPage()
    canvas.save()
    out = _run_measured(f"""
        import resource
        from pathlib import Path
        from claims import parse_file
        report = parse_file(Path({str(path)!r}))
        print("pages", report.pages, "claims", len(report.claims))
        print("maxrss_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """, tmp_path)
    assert "pages 300 claims 16500" in out
    assert int(out.split("maxrss_mb")[1]) <= 500
