import { mkdir } from 'node:fs/promises'
import { dirname, isAbsolute, join } from 'node:path'
import { DEFAULTS } from '../config/options.js'
import { readBaseline } from '../gate/baseline.js'
import { renderHtml, type HtmlBaseline, type HtmlExtras, type HtmlThresholds } from '../report/html/render-html.js'
import { readReport } from '../report/read-report.js'
import type { LlmReport } from '../report/report-schema.js'
import { notPassedBecause } from '../report/report-status.js'
import { writeFileAtomic } from '../util/write-atomic.js'
import type { CliIo } from './io.js'

/** Where `--html` without a value writes: beside the default JSON report. */
export const DEFAULT_HTML = '.vitest/llm-report.html'
const DEFAULT_JSON = DEFAULTS.reportJson

/**
 * Takes `--html [out]` (or `--html=out`) out of a command's arguments: the value is the next
 * argument unless it is an option or a `.json` file (the report to read). `out` is undefined
 * when `--html` is absent, and {@link DEFAULT_HTML} when it has no value.
 */
export function takeHtmlFlag(argv: readonly string[]): { argv: string[], out?: string } {
  const rest: string[] = []
  let out: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      rest.push(...argv.slice(i))
      break
    }
    if (arg.startsWith('--html=')) out = arg.slice(7) || DEFAULT_HTML
    else if (arg === '--html') {
      const next = argv[i + 1]
      if (next !== undefined && !next.startsWith('-') && !next.endsWith('.json')) {
        out = next
        i++
      }
      else out = DEFAULT_HTML
    }
    else rest.push(arg)
  }
  return out === undefined ? { argv: rest } : { argv: rest, out }
}

/**
 * The baseline a report was compared with (`regression.baseline`, relative to `cwd`), for the
 * page's newly failing / newly passing lists; undefined when there is none or it cannot be read.
 */
export async function baselineOf(report: LlmReport, cwd: string): Promise<HtmlBaseline | undefined> {
  const file = report.regression?.baseline
  if (!file) return undefined
  try {
    return await readBaseline(isAbsolute(file) ? file : join(cwd, file))
  }
  catch {
    return undefined
  }
}

/** Renders a report to a self-contained HTML file (folders created), with its baseline when readable. */
export async function writeHtmlReport(report: LlmReport, out: string, options: { cwd: string, thresholds?: HtmlThresholds | undefined }): Promise<void> {
  const extras: HtmlExtras = { thresholds: options.thresholds ?? report.gate.thresholds, baseline: await baselineOf(report, options.cwd) }
  await mkdir(dirname(out), { recursive: true })
  await writeFileAtomic(out, renderHtml(report, extras))
}

/**
 * `vitest-llm report [file] --html [out]`: undefined when `--html` is not among the arguments
 * (the report command goes on as before); otherwise writes the HTML of the saved report, prints
 * where, and returns the report command's exit code (1 when the report did not pass).
 */
export async function htmlReportCommand(argv: readonly string[], io: CliIo): Promise<number | undefined> {
  const { argv: rest, out } = takeHtmlFlag(argv)
  if (out === undefined) return undefined
  const file = rest.find(arg => !arg.startsWith('-')) ?? DEFAULT_JSON
  const report = await readReport(io.resolve(file))
  await writeHtmlReport(report, io.resolve(out), { cwd: io.cwd })
  io.stdout(`vitest-llm report: wrote ${out} (${report.cases.length} cases)`)
  const why = notPassedBecause(report)
  if (why) io.stderr(`vitest-llm report: ${file} did not pass: ${why}`)
  return why ? 1 : 0
}
