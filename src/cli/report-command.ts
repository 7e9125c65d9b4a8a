import { parseArgs } from 'node:util'
import { DEFAULTS } from '../config/options.js'
import { renderMarkdown } from '../report/markdown.js'
import type { CliIo } from './io.js'
import { readReport } from '../report/read-report.js'

/** `vitest-llm report [file] --markdown`: print a saved report (as Markdown, or as JSON). */
export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { markdown: { type: 'boolean' } } })
  const file = positionals[0] ?? DEFAULTS.reportJson
  const report = await readReport(io.resolve(file))
  io.stdout(values.markdown ? renderMarkdown(report) : JSON.stringify(report, null, 2))
  return report.passed ? 0 : 1
}
