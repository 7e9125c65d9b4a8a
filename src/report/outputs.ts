// What the reporter builds and writes when a run ends: loaded by the reporter when the run
// starts (see llm-reporter.ts), not with the plugin, so the Vitest config loads faster.
export { applyGate, buildReport, reportModel, runningReport } from './build-report.js'
export { readBaseline } from '../gate/baseline.js'
export { caseBlock } from './html/case-block.js'
export { renderHtmlParts } from './html/render-html.js'
export { renderJunit } from './junit.js'
export { renderMarkdown } from './markdown.js'
export { renderSummary } from './terminal.js'
export { caseLines, reportJson, reportJsonParts } from './report-json.js'
