import { parseArgs } from 'node:util'
import { DEFAULTS } from '../config/options.js'
import { renderMarkdown } from '../report/markdown.js'
import { readReport } from '../report/read-report.js'
import { reportJson } from '../report/report-json.js'
import { notPassedBecause } from '../report/report-status.js'
import { renderSummary } from '../report/terminal.js'
import { htmlReportCommand } from './html-output.js'
import type { CliIo } from './io.js'

/**
 * `vitest-llm report [file] [--json | --markdown | --html [out]]`: the saved report's summary
 * (raw JSON with `--json`, Markdown with `--markdown`, a self-contained HTML page with `--html`). Exits 1 when the report did not pass — a failed gate,
 * an interrupted run, or a run still `running` (or killed) — saying why on stderr.
 */
export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  const html = await htmlReportCommand(argv, io)
  if (html !== undefined) return html
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { markdown: { type: 'boolean' }, json: { type: 'boolean' } } })
  const file = positionals[0] ?? DEFAULTS.reportJson
  const report = await readReport(io.resolve(file))
  const thresholds = report.gate.thresholds
  io.stdout(values.json ? reportJson(report).trimEnd() : values.markdown ? renderMarkdown(report) : renderSummary(report, { goldenPassRate: thresholds?.goldenPassRate, scores: thresholds?.scores ?? {} }).trimEnd())
  const why = notPassedBecause(report)
  if (why) io.stderr(`vitest-llm report: ${file} did not pass: ${why}`)
  return why ? 1 : 0
}
