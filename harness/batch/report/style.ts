// The report's stylesheet: system fonts only, light and dark schemes, and a print layout.

/** Inline CSS of the class report. */
export const REPORT_CSS = `
:root { --bg:#f6f7f9; --card:#fff; --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --soft:#eef1f4;
  --accent:#4f5bd5; --passed:#1a7f37; --failed:#cf222e; --skipped:#8c959f; --errored:#bf8700; --incomplete:#bf8700; --ungraded:#6e7781;
  --passed-bg:#dafbe1; --failed-bg:#ffebe9; --skipped-bg:#eaeef2; --errored-bg:#fff8c5;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; color-scheme: light dark; }
@media screen and (prefers-color-scheme: dark) { :root { --bg:#0d1117; --card:#161b22; --fg:#e6edf3; --muted:#9198a1; --line:#30363d; --soft:#21262d;
  --accent:#7c86f0; --passed:#3fb950; --failed:#f85149; --skipped:#6e7681; --errored:#d29922; --incomplete:#d29922; --ungraded:#8b949e;
  --passed-bg:#12361f; --failed-bg:#42161a; --skipped-bg:#262c33; --errored-bg:#3b2e0a; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); }
main { max-width: 1120px; margin: 0 auto; padding: 28px 20px 48px; }
header h1 { font-size: 1.6rem; margin: 0 0 4px; letter-spacing: -0.01em; }
header p { margin: 0; color: var(--muted); }
h2 { font-size: 1.1rem; margin: 0 0 12px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.85em; }
pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
a { color: var(--accent); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin-top: 18px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 0 18px; align-items: start; }
@media (max-width: 820px) { .grid2 { grid-template-columns: 1fr; } }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 12px; margin-top: 20px; padding: 0; list-style: none; }
.tiles li { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.tiles .v { display: block; font-size: 1.6rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.tiles .k { color: var(--muted); font-size: 0.85rem; }
.tiles .passed .v { color: var(--passed); } .tiles .failed .v { color: var(--failed); } .tiles .incomplete .v, .tiles .ungraded .v { color: var(--errored); }
.histogram { margin: 0; } .histogram svg { width: 100%; height: auto; max-height: 300px; display: block; }
.histogram figcaption { color: var(--muted); font-size: 0.85rem; margin-top: 4px; }
svg .bar { fill: var(--accent); } svg .bin:hover .bar { opacity: 0.8; } svg .bar.empty { fill: none; }
svg .grid { stroke: var(--line); stroke-dasharray: 2 3; } svg .axis { stroke: var(--muted); }
svg text { fill: var(--muted); font-size: 12px; } svg .count { fill: var(--fg); font-weight: 600; } svg .axis-title { font-size: 12px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 7px 8px; }
thead th { white-space: nowrap; font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); border-bottom: 1px solid var(--line); font-weight: 600; }
.checks th[scope=row] { font-weight: 500; width: 42%; } .checks th[scope=row] code { display: block; color: var(--muted); font-size: 0.78rem; } .checks td, .checks th[scope=row] { border-bottom: 1px solid var(--soft); }
.checks .rate { text-align: right; font-weight: 650; font-variant-numeric: tabular-nums; width: 4.5em; }
.checks .counts { color: var(--muted); font-size: 0.85rem; white-space: nowrap; } .checks .barcell { width: 26%; vertical-align: middle; }
.sub { display: block; color: var(--muted); font-size: 0.8rem; }
.stack { display: flex; height: 12px; border-radius: 6px; overflow: hidden; background: var(--soft); }
.seg, .swatch { display: inline-block; height: 100%; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.passed.seg, .swatch.passed { background: var(--passed); } .failed.seg, .swatch.failed { background: var(--failed); }
.skipped.seg, .swatch.skipped { background: var(--skipped); } .notCharged.seg, .swatch.notCharged { background: var(--errored); }
.legend { display: flex; flex-wrap: wrap; gap: 14px; color: var(--muted); font-size: 0.8rem; margin: 10px 0 0; }
.swatch { width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.slowest, .erroring { margin: 0; padding-left: 1.3em; } .slowest li, .erroring > li { margin-bottom: 6px; }
.erroring ul { margin: 2px 0 0; padding-left: 1.1em; color: var(--muted); font-size: 0.85rem; }
.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.note, .empty { color: var(--muted); font-size: 0.85rem; margin: 8px 0 0; } .empty.ok { color: var(--passed); }
.controls { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 12px; margin-bottom: 12px; }
.field { display: flex; flex-direction: column; gap: 3px; } .field label { font-size: 0.8rem; color: var(--muted); font-weight: 600; }
.field.buttons { flex-direction: row; gap: 6px; }
input, select, button { font: inherit; font-size: 0.9rem; color: var(--fg); background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 5px 9px; }
button { cursor: pointer; } button:hover { background: var(--soft); }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.shown { margin: 0 0 0 auto; color: var(--muted); font-size: 0.85rem; align-self: center; }
.students thead button { border: 0; background: none; padding: 0; font: inherit; color: inherit; text-transform: inherit; letter-spacing: inherit; }
.students th[aria-sort=ascending] .arrow::after { content: " ▲"; } .students th[aria-sort=descending] .arrow::after { content: " ▼"; }
.students tbody { border-bottom: 1px solid var(--line); } .students tbody:not(:has(details.drilldown[open])):hover { background: var(--soft); }
.students tr.main th { font-weight: 600; overflow-wrap: anywhere; } .students tr.more td { padding-top: 0; }
.col-score .pts { font-variant-numeric: tabular-nums; font-weight: 600; margin-right: 8px; } .col-score .pct { color: var(--muted); font-size: 0.85rem; }
.minibar { display: block; width: 120px; height: 4px; background: var(--soft); border-radius: 2px; margin-top: 4px; }
.minibar span { display: block; height: 100%; background: var(--accent); border-radius: 2px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.col-checks .c { font-size: 0.85rem; font-variant-numeric: tabular-nums; margin-right: 6px; white-space: nowrap; }
.c.passed { color: var(--passed); } .c.failed { color: var(--failed); } .c.skipped { color: var(--skipped); } .c.errored { color: var(--errored); }
.badge { display: inline-block; font-size: 0.75rem; font-weight: 650; padding: 1px 8px; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; }
.badge.passed { color: var(--passed); background: var(--passed-bg); } .badge.failed { color: var(--failed); background: var(--failed-bg); }
.badge.skipped, .badge.ungraded { color: var(--ungraded); background: var(--skipped-bg); } .badge.errored, .badge.incomplete { color: var(--errored); background: var(--errored-bg); }
.tag { font-size: 0.7rem; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; }
details.drilldown > summary { cursor: pointer; color: var(--muted); font-size: 0.82rem; width: fit-content; }
details.drilldown[open] > summary { margin-bottom: 8px; color: var(--fg); }
.drill { border-left: 3px solid var(--line); padding: 2px 0 6px 14px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0 0 10px; font-size: 0.85rem; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; overflow-wrap: anywhere; }
.check { border: 1px solid var(--line); border-left-width: 4px; border-radius: 6px; padding: 8px 12px; margin: 8px 0; background: var(--card); }
.check.is-passed { border-left-color: var(--passed); } .check.is-failed { border-left-color: var(--failed); }
.check.is-skipped { border-left-color: var(--skipped); padding: 4px 12px; } .check.is-skipped h4 { font-weight: 500; color: var(--muted); } .check.is-errored { border-left-color: var(--errored); }
.check h4 { margin: 0; font-size: 0.95rem; font-weight: 600; } .check .meta { color: var(--muted); font-weight: 400; font-size: 0.8rem; margin-left: 4px; }
.check p { margin: 6px 0 0; font-size: 0.9rem; } .check .blocked, .check .not-charged { color: var(--muted); } .check .blocked { white-space: nowrap; }
.hint { background: var(--soft); border-radius: 6px; padding: 6px 10px; }
.harness-error { background: var(--errored-bg); border-radius: 6px; padding: 6px 10px; font-size: 0.9rem; }
.io { display: grid; grid-template-columns: max-content 1fr; gap: 4px 10px; margin: 8px 0 0; font-size: 0.85rem; }
.io dt { color: var(--muted); font-weight: 600; } .io dd { margin: 0; min-width: 0; }
.io pre { background: var(--soft); border-radius: 4px; padding: 4px 8px; }
.transcript { margin-top: 8px; font-size: 0.82rem; } .transcript > summary { cursor: pointer; color: var(--muted); }
.transcript table { margin-top: 4px; } .transcript td, .transcript th { padding: 2px 6px; border-bottom: 1px solid var(--soft); }
.transcript .who, .transcript .kind { white-space: nowrap; color: var(--muted); } .actor-student .who { color: var(--accent); }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
footer { color: var(--muted); font-size: 0.8rem; margin-top: 24px; }
@media print {
  :root { --bg:#fff; --card:#fff; font-size: 11pt; color-scheme: light; }
  main { max-width: none; padding: 0; } .controls, .students thead .arrow { display: none; }
  .students tr.more:has(details.drilldown:not([open])) { display: none; }
  .card, .tiles li { break-inside: avoid; border-color: #bbb; } .students tbody { break-inside: avoid; } .check { break-inside: avoid; }
  .students tbody:hover { background: none !important; } a { color: inherit; text-decoration: none; }
}
`;
