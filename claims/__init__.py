"""Parse machine-generated synthesis reports into typed records.

`parse_text`, `parse_bytes` and `parse_file` read one report; `claims.collect.parse_paths` walks files and folders.
`report_findings` computes a report's derivable findings. arXiv ids are read with the shared grammar in
`grammar.arxiv_id`; `claims.limits` holds the bounds (line length, number size, PDF inflation, time per file) that
keep hostile reports from hanging the parser.
"""

from claims.errors import ClaimsError, NotAReportError
from claims.findings import report_findings
from claims.models import Claim, Finding, Reference, Report, Severity, StatedCounts, TableLayout
from claims.parser import parse_bytes, parse_file, parse_text

__all__ = [
    "Claim",
    "ClaimsError",
    "Finding",
    "NotAReportError",
    "Reference",
    "Report",
    "Severity",
    "StatedCounts",
    "TableLayout",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "report_findings",
]
