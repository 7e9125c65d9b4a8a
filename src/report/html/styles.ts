/** The page's stylesheet, inline. Light by default, dark when the system asks for it. */
export const STYLES = `
:root { --bg:#f6f7f9; --card:#fff; --fg:#1d2330; --muted:#667085; --line:#e3e6eb; --pass:#1a7f37; --fail:#cf222e; --error:#9a3412; --warn:#9a6700; --info:#0969da; --accent:#4f5bd5; --mark:#fff3b0; }
@media (prefers-color-scheme: dark) { :root { --bg:#0f1218; --card:#171b24; --fg:#e6e8ee; --muted:#98a2b3; --line:#2a303c; --pass:#3fb950; --fail:#f85149; --error:#f0883e; --warn:#d29922; --info:#58a6ff; --accent:#8b93ff; --mark:#5c4b00; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--fg); }
main { max-width: 1280px; margin: 0 auto; padding: 16px 20px 40px; }
h1 { font-size: 20px; margin: 0 0 8px; } h2 { font-size: 16px; margin: 0 0 10px; } h3 { font-size: 14px; margin: 12px 0 6px; } h4 { margin: 0 0 4px; font-size: 12px; text-transform: uppercase; color: var(--muted); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 0 0 14px; }

.run-verdict { border-left: 6px solid var(--info); background: var(--card); border-radius: 8px; padding: 14px 16px; margin: 0 0 14px; border-top: 1px solid var(--line); border-right: 1px solid var(--line); border-bottom: 1px solid var(--line); }
.run-verdict.pass { border-left-color: var(--pass); } .run-verdict.fail { border-left-color: var(--fail); } .run-verdict.warn { border-left-color: var(--warn); }
.badge { display: inline-block; font-size: 12px; padding: 2px 8px; border-radius: 4px; color: #fff; background: var(--info); vertical-align: 2px; }
.pass .badge { background: var(--pass); } .fail .badge { background: var(--fail); } .warn .badge { background: var(--warn); }
.facts { display: flex; flex-wrap: wrap; gap: 6px; } .chip { border: 1px solid var(--line); border-radius: 12px; padding: 1px 9px; font-size: 12px; color: var(--muted); }
.partial { margin: 8px 0 0; color: var(--warn); }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.rule.pass td:first-child, .v-pass { color: var(--pass); } tr.rule.fail td:first-child, .v-fail { color: var(--fail); } .v-error { color: var(--error); } .v-skipped { color: var(--muted, #888); }
tr.rule.fail { background: color-mix(in srgb, var(--fail) 8%, transparent); } tr.rule.not-measured { color: var(--muted); }
.messages { margin: 10px 0 0; padding-left: 18px; } .messages .fail { color: var(--fail); } .messages .not-measured { color: var(--muted); }
.muted { color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 14px; margin-bottom: 14px; }
.charts .card { margin: 0; }
figcaption { font-weight: 600; margin-bottom: 6px; } svg.chart { width: 100%; height: auto; max-width: 640px; overflow: visible; }
svg .lbl { font-size: 10px; fill: var(--fg); } svg .tick { font-size: 9px; fill: var(--muted); } svg .grid { stroke: var(--muted); }
svg .track { fill: var(--line); } svg .mark { fill: var(--accent); } svg .pass-rate { fill: var(--pass); opacity: .8; }
svg rect.interval { fill: var(--accent); opacity: .15; } svg polygon.path-band { fill: var(--accent); opacity: .15; } svg polyline.path { fill: none; stroke: var(--accent); stroke-width: 2; } svg g.interval line { stroke: var(--fg); stroke-width: 1.5; }
svg .threshold { stroke: var(--fail); stroke-width: 2; stroke-dasharray: 4 2; } svg .threshold-label { fill: var(--fail); }
svg .mean { stroke: var(--fg); stroke-width: 2; } svg .trial.ok { fill: var(--pass); } svg .trial.bad { fill: var(--fail); } svg .trial.unknown { fill: var(--warn); }
#regression.regressed { border-color: var(--fail); } #regression li.fail { color: var(--fail); }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 8px; }
.controls select, .controls input, .pager button, .close { font: inherit; padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--card); color: var(--fg); }
.controls input[type=search] { flex: 1; min-width: 200px; }
#cases-table th[data-sort] { cursor: pointer; user-select: none; } #cases-table th[aria-sort=ascending]::after { content: " ▲"; } #cases-table th[aria-sort=descending]::after { content: " ▼"; }
tr.case { cursor: pointer; } tr.row-fail td.id { color: var(--fail); } tr.row-error td.id { color: var(--error); } tr.case:hover, tr.case:focus { background: color-mix(in srgb, var(--accent) 10%, transparent); outline: none; }
td.id, td.suite { max-width: 280px; overflow-wrap: anywhere; } td.scores { font-size: 12px; }
.pill { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; border: 1px solid currentColor; }
.pager { display: flex; gap: 8px; align-items: center; margin-top: 8px; }
#detail { border: 1px solid var(--accent); } .detail-head { display: flex; gap: 10px; align-items: center; } .detail-head h3 { margin: 0; flex: 1; overflow-wrap: anywhere; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 10px 0; } .meta dt { color: var(--muted); } .meta dd { margin: 0; overflow-wrap: anywhere; }
.reason { padding: 8px 10px; border-radius: 6px; background: color-mix(in srgb, var(--fail) 8%, transparent); white-space: pre-wrap; overflow-wrap: anywhere; }
.error-message { background: color-mix(in srgb, var(--error) 12%, transparent); }
.evidence-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 10px; margin: 10px 0; }
.evidence pre { margin: 0; padding: 8px; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 360px; overflow: auto; }
mark { background: var(--mark); color: inherit; border-radius: 2px; } mark.missing { outline: 1px solid var(--fail); } mark.forbidden, mark.diff { background: color-mix(in srgb, var(--fail) 25%, transparent); }
tr.below td { color: var(--fail); } td.score-reason { white-space: pre-wrap; }
footer { color: var(--muted); font-size: 12px; margin-top: 20px; }
`
