import { readFile } from 'node:fs/promises'
import { ReportError } from './report-error.js'
import { reportSchema, type LlmReport } from './report-schema.js'

/** Reads and validates a report file; the error names the file and the first problem. */
export async function readReport(file: string): Promise<LlmReport> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  }
  catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ReportError(code ? `cannot read the report ${file} (${code}); run \`vitest run\` with the plugin first` : `the report ${file} is not valid JSON: ${(error as Error).message}`)
  }
  const parsed = reportSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new ReportError(`${file} is not a vitest-llm report: ${issue.path.join('.')}: ${issue.message}`)
  }
  return parsed.data
}
