import { CASE_SEPARATOR, type CaseBlock } from './html/case-block.js'
import type { LlmReport } from './report-schema.js'

/** Each case of a report as one line of JSON: made once for the JSON file and the HTML page. */
export function caseLines(report: LlmReport): string[] {
  return report.cases.map(c => JSON.stringify(c))
}

// Where the cases go: a string value cannot hold a raw line break, so only the top-level key
// can be found this way, whatever the report's strings contain.
const MARK = '\u0000cases\u0000'
const PLACEHOLDER = `\n  "cases": ${JSON.stringify(MARK)}`

/** The report file's text around its cases: up to `"cases": ` and after the array. */
function frame(report: LlmReport): { head: string, tail: string } {
  const text = JSON.stringify({ ...report, cases: MARK }, null, 2)
  const at = text.indexOf(PLACEHOLDER)
  return { head: `${text.slice(0, at)}\n  "cases": `, tail: `${text.slice(at + PLACEHOLDER.length)}\n` }
}

/**
 * The report file's text: indented JSON with each case on a line of its own. A 10,000-case
 * report stays readable, greppable and diffable case by case, and is a third smaller and
 * quicker to write than with every field of every case indented. `lines` are the cases'
 * JSON when already made (see {@link caseLines}).
 */
export function reportJson(report: LlmReport, lines: readonly string[] = caseLines(report)): string {
  const { head, tail } = frame(report)
  return `${head}${lines.length ? `[\n    ${lines.join(CASE_SEPARATOR)}\n  ]` : '[]'}${tail}`
}

/** The same file in pieces for `writeFileAtomic`, its cases the block's (see `caseBlock`). */
export function reportJsonParts(report: LlmReport, block: CaseBlock): Array<string | Uint8Array> {
  const { head, tail } = frame(report)
  return block.count ? [`${head}[\n    `, block.json, `\n  ]${tail}`] : [`${head}[]${tail}`]
}
