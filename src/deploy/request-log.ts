import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { z } from 'zod'
import { DeployDataError } from './deploy-error.js'

/** One production request, as logged by the app or gateway. */
export const requestRecordSchema = z.strictObject({
  ts: z.iso.datetime({ offset: true }),
  version: z.string().min(1),
  latencyMs: z.number().min(0),
  error: z.union([z.boolean(), z.string()]).optional(),
  quality: z.number().min(1).max(5).optional(),
  feedback: z.enum(['positive', 'negative']).optional(),
  inputId: z.string().optional(),
  output: z.string().optional(),
})

export type RequestRecord = z.infer<typeof requestRecordSchema> & { time: number }

/** Validates records; every bad line is named (up to 20) in one error. */
export function parseRecords(lines: Iterable<{ text: string, line: number }>, file: string): RequestRecord[] {
  const records: RequestRecord[] = []
  const problems: string[] = []
  for (const { text, line } of lines) {
    if (!text.trim()) continue
    let value: unknown
    try {
      value = JSON.parse(text)
    }
    catch (error) {
      problems.push(`${file}:${line}: invalid JSON: ${(error as Error).message}`)
      continue
    }
    const parsed = requestRecordSchema.safeParse(value)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}:${line}: ${issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'record')}: ${issue.message}`)
      continue
    }
    records.push({ ...parsed.data, time: Date.parse(parsed.data.ts) })
  }
  if (problems.length) throw new DeployDataError(`${problems.length} bad record${problems.length > 1 ? 's' : ''} in ${file}:\n${problems.slice(0, 20).join('\n')}`)
  return records
}

/** Streams a JSONL request log and validates it. */
export async function readRequestLog(file: string): Promise<RequestRecord[]> {
  const lines: Array<{ text: string, line: number }> = []
  try {
    let line = 0
    for await (const text of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) lines.push({ text, line: ++line })
  }
  catch (error) {
    throw new DeployDataError(`cannot read the request log ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  return parseRecords(lines, file)
}
