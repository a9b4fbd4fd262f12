"""The audit as one self-contained HTML page: findings first, then every claim with its highlighted evidence,
filterable by verdict. Inline CSS and JS only (a Content-Security-Policy forbids loading anything); all text escaped."""

from __future__ import annotations

import re
from html import escape

from verifier.models import VERDICTS, Audit, ClaimResult, Evidence
from verifier.render.html_assets import SCRIPT, STYLE
from verifier.tally import (
    confidence_text,
    disagreement_count,
    evidence_link,
    mark_symbol,
    paper_label,
    report_label,
    verdict_counts,
)

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
_TOKEN = re.compile(r"[\w][\w.,%-]*[\w%]|\w")


def esc(text: object) -> str:
    """HTML-escape any value (quotes included)."""
    return escape(str(text), quote=True)


def render_html(audits: list[Audit]) -> str:
    """The whole page for `audits`."""
    counts = verdict_counts(audits)
    claims = sum(len(audit.claims) for audit in audits)
    title = "Claims audit: " + (report_label(audits[0]) if len(audits) == 1 else f"{len(audits)} reports")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{STYLE}</style></head><body>",
        '<header class="page">',
        f"<h1>{esc(title)}</h1>",
        f"<div>{len(audits)} report{'s' if len(audits) != 1 else ''} · {claims} claims · "
        f"{sum(len(a.findings) for a in audits)} findings</div>",
        _filters(counts),
        '<p id="visible-count" aria-live="polite"></p>',
        "</header><main>",
    ]
    if len(audits) > 1:
        parts.append(_overview(audits))
    parts.extend(_report(number, audit) for number, audit in enumerate(audits, start=1))
    parts.append(f"</main><script>{SCRIPT}</script></body></html>")
    return "\n".join(parts) + "\n"


def _filters(counts: dict[str, int]) -> str:
    boxes = [
        f'<label><input type="checkbox" class="verdict-filter" value="{esc(verdict)}" checked> '
        f'<span class="verdict v-{esc(verdict)}">{esc(verdict)}</span> {n}</label>'
        for verdict, n in counts.items()
    ]
    boxes.append('<label><input type="checkbox" id="only-disagreements"> only marks that disagree</label>')
    boxes.append('<button type="button" id="show-all">all</button><button type="button" id="show-none">none</button>')
    return '<nav id="filters" aria-label="Filter claims by verdict">Show: ' + "".join(boxes) + "</nav>"


def _overview(audits: list[Audit]) -> str:
    head = "".join(f"<th>{v}</th>" for v in VERDICTS)
    rows = []
    for number, audit in enumerate(audits, start=1):
        counts = verdict_counts([audit])
        cells = "".join(f'<td class="num">{counts[v]}</td>' for v in VERDICTS)
        rows.append(
            f'<tr><td><a href="#report-{number}">{esc(audit.report.source)}</a></td>'
            f'<td class="num">{len(audit.claims)}</td>{cells}'
            f'<td class="num">{disagreement_count(audit)}</td><td class="num">{len(audit.findings)}</td></tr>'
        )
    return (
        '<section class="overview"><h2>Reports</h2><table><thead><tr><th>report</th><th>claims</th>'
        f"{head}<th>marks disagree</th><th>findings</th></tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _report(number: int, audit: Audit) -> str:
    return (
        f'<section class="report" id="report-{number}"><h2>{esc(report_label(audit))}</h2>'
        f"{_meta(audit)}{_findings(audit)}{_chips(audit)}{_references(audit)}{_claims(number, audit)}</section>"
    )


def _meta(audit: Audit) -> str:
    info = audit.report
    stated = info.stated
    pairs = [("Source", info.source), ("Date", info.date), ("Examined paper", info.examined_title),
             ("Research question", info.research_question)]
    if stated.claims_extracted is not None or stated.claims_verified is not None:
        pairs.append(("Stated", f"{stated.claims_extracted} claims extracted; {stated.claims_verified} verified"))
    items = "".join(f"<dt>{esc(key)}</dt><dd>{esc(value)}</dd>" for key, value in pairs if value is not None)
    return f'<dl class="meta">{items}</dl>'


def _findings(audit: Audit) -> str:
    if not audit.findings:
        return '<section class="findings"><h3>Findings</h3><p class="none">None.</p></section>'
    items = "".join(
        f'<li class="finding sev-{esc(f.severity.value)}" data-code="{esc(f.code)}"><strong>{esc(f.severity.value)}</strong> '
        f"<code>{esc(f.code)}</code>{esc(f' (line {f.line})' if f.line else '')}: {esc(f.message)}</li>"
        for f in audit.findings
    )
    return f'<section class="findings"><h3>Findings</h3><ul>{items}</ul></section>'


def _chips(audit: Audit) -> str:
    counts = verdict_counts([audit])
    chips = "".join(f'<span class="chip v-{esc(v)}">{n} {esc(v)}</span>' for v, n in counts.items() if n)
    return f'<div class="chips">{chips}</div>'


def _references(audit: Audit) -> str:
    if not audit.references:
        return ""
    rows = "".join(
        f"<tr><td>{esc(r.arxiv_id or r.url)}</td><td>{esc(r.version or '–')}</td><td>{esc(r.status or '–')}</td>"
        f"<td>{esc(r.title or '–')}</td></tr>"
        for r in audit.references
    )
    return (
        '<details class="references"><summary>References</summary><table><thead><tr><th>arXiv</th><th>version</th>'
        f"<th>status</th><th>title</th></tr></thead><tbody>{rows}</tbody></table></details>"
    )


def _claims(number: int, audit: Audit) -> str:
    if not audit.claims:
        return '<p class="none">The report has no claims table.</p>'
    rows = "".join(_claim_row(number, claim) for claim in audit.claims)
    return (
        '<table class="claims"><thead><tr><th>#</th><th>line</th><th>claim</th><th>report</th><th>verdict</th>'
        f"<th>evidence</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _claim_row(number: int, claim: ClaimResult) -> str:
    verdict = claim.verdict or "unchecked"
    agrees = {True: "true", False: "false", None: "unknown"}[claim.agrees_with_report]
    explanation = f'<span class="explanation">{esc(claim.explanation)}</span>' if claim.explanation else ""
    evidence = "".join(_evidence(claim.text, item) for item in claim.evidence[:2]) or '<span class="none">none found</span>'
    return (
        f'<tr class="claim" id="r{number}-c{claim.index}" data-verdict="{esc(verdict)}" data-agrees="{agrees}">'
        f'<td class="num">{claim.index}</td><td class="num">{claim.line}</td>'
        f'<td class="claim-text">{esc(claim.text)}{" …" if claim.truncated else ""}</td>'
        f'<td class="report-mark num">{mark_symbol(claim.reported_verified)} {confidence_text(claim.reported_confidence)}</td>'
        f'<td><span class="verdict v-{esc(verdict)}">{esc(verdict)}</span> {confidence_text(claim.confidence)}{explanation}</td>'
        f"<td>{evidence}</td></tr>"
    )


def _evidence(claim_text: str, evidence: Evidence) -> str:
    return (
        f'<blockquote class="evidence">{highlight(evidence.quote, claim_text)}</blockquote>'
        f'<a href="{esc(evidence_link(evidence))}">{esc(paper_label(evidence))} p. {evidence.page}</a>'
    )


def _words(text: str) -> set[str]:
    return {token.lower() for token in _TOKEN.findall(text)}


_FILLER = frozenset("the and for with that this from are was were has have its our than into on of to in a an by".split())


def _significant(tokens: list[str]) -> bool:
    return any((len(token) > 2 and token.lower() not in _FILLER) or token.isdigit() for token in tokens)


def highlight(quote: str, claim_text: str) -> str:
    """The escaped `quote` with each run of words it shares with the claim wrapped in one `<mark>`
    (runs made only of short or filler words such as "a", "of" or "the" are left plain)."""
    shared = _words(claim_text)
    spans: list[tuple[int, int]] = []
    run: list[re.Match] = []
    for match in [*_TOKEN.finditer(quote), None]:
        if match is not None and match.group().lower() in shared:
            run.append(match)
            continue
        if run and _significant([m.group() for m in run]):
            spans.append((run[0].start(), run[-1].end()))
        run = []
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(esc(quote[last:start]) + f"<mark>{esc(quote[start:end])}</mark>")
        last = end
    pieces.append(esc(quote[last:]))
    return "".join(pieces)
