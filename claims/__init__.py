"""Parse machine-generated synthesis reports into typed records."""

from claims.errors import ClaimsError
from claims.models import Claim, Finding, Reference, Report, Severity, StatedCounts, TableLayout

__all__ = ["Claim", "ClaimsError", "Finding", "Reference", "Report", "Severity", "StatedCounts", "TableLayout"]
