"""The inline stylesheet and script of the HTML audit (the page loads nothing from the network)."""

STYLE = """
:root { --ink:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#f6f8fa;
  --supported:#1a7f37; --partial:#9a6700; --contradicted:#cf222e; --unsupported:#bc4c00;
  --unverifiable:#59636e; --unchecked:#59636e; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); background:#fff; }
header.page { position:sticky; top:0; z-index:2; background:var(--bg); border-bottom:1px solid var(--line); padding:12px 24px; }
header.page h1 { margin:0 0 4px; font-size:20px; }
main { padding:8px 24px 48px; }
#filters { display:flex; flex-wrap:wrap; gap:6px 14px; align-items:center; margin-top:6px; }
#filters label { cursor:pointer; white-space:nowrap; }
#filters button { font:inherit; padding:1px 8px; border:1px solid var(--line); border-radius:6px; background:#fff; cursor:pointer; }
#visible-count { color:var(--muted); margin:4px 0 0; }
section.report { margin-top:28px; border-top:3px solid var(--line); padding-top:8px; }
section.report h2 { margin:8px 0; font-size:18px; }
dl.meta { display:grid; grid-template-columns:max-content 1fr; gap:2px 12px; margin:0 0 12px; }
dl.meta dt { color:var(--muted); }
dl.meta dd { margin:0; }
.findings ul { list-style:none; padding:0; margin:0; }
.finding { border-left:4px solid var(--line); background:var(--bg); padding:4px 10px; margin:4px 0; }
.finding.sev-error { border-color:var(--contradicted); }
.finding.sev-warning { border-color:var(--partial); }
.finding code { font-weight:600; }
.chips { display:flex; flex-wrap:wrap; gap:6px; margin:10px 0; }
.chip { border-radius:12px; padding:1px 10px; color:#fff; font-weight:600; }
table { border-collapse:collapse; width:100%; margin:8px 0 16px; }
th, td { border:1px solid var(--line); padding:6px 8px; vertical-align:top; text-align:left; }
th { background:var(--bg); }
td.num { text-align:right; white-space:nowrap; font-variant-numeric:tabular-nums; }
tr.claim td.claim-text { max-width:32em; }
tr.claim[data-agrees="false"] td.report-mark { background:#fff8c5; }
.verdict { display:inline-block; border-radius:10px; padding:0 8px; color:#fff; font-weight:600; white-space:nowrap; }
.v-supported { background:var(--supported); } .v-partial { background:var(--partial); }
.v-contradicted { background:var(--contradicted); } .v-unsupported { background:var(--unsupported); }
.v-unverifiable { background:var(--unverifiable); } .v-unchecked { background:var(--unchecked); }
blockquote.evidence { margin:0 0 4px; padding:4px 8px; border-left:3px solid #8c959f; background:#fbfbfb; }
blockquote.evidence mark { background:#fff3a3; padding:0 1px; }
.explanation { color:var(--muted); display:block; margin-top:4px; }
.none { color:var(--muted); }
@media print { header.page { position:static; } #filters { display:none; } }
"""

SCRIPT = """
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input.verdict-filter'));
  var onlyDisagreeing = document.getElementById('only-disagreements');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.claim'));
  var counter = document.getElementById('visible-count');
  function apply() {
    var wanted = {};
    boxes.forEach(function (box) { wanted[box.value] = box.checked; });
    var shown = 0;
    rows.forEach(function (row) {
      var show = wanted[row.getAttribute('data-verdict')] === true &&
        (!onlyDisagreeing.checked || row.getAttribute('data-agrees') === 'false');
      row.hidden = !show;
      if (show) { shown += 1; }
    });
    counter.textContent = shown + ' of ' + rows.length + ' claims shown';
  }
  function setAll(value) { boxes.forEach(function (box) { box.checked = value; }); apply(); }
  var fromHash = /verdict=([a-z,]*)/.exec(window.location.hash);
  if (fromHash) {
    var picked = fromHash[1].split(',');
    boxes.forEach(function (box) { box.checked = picked.indexOf(box.value) >= 0; });
  }
  boxes.forEach(function (box) { box.addEventListener('change', apply); });
  onlyDisagreeing.addEventListener('change', apply);
  document.getElementById('show-all').addEventListener('click', function () { setAll(true); });
  document.getElementById('show-none').addEventListener('click', function () { setAll(false); });
  apply();
})();
"""
