import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { z } from 'zod'
import { DeployDataError } from './deploy-error.js'
import { stripBom } from '../util/source-map.js'
import { didYouMean } from '../util/nearest-name.js'

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

const RECORD_FIELDS = Object.keys(requestRecordSchema.shape)

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
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          for (const key of issue.keys) problems.push(`${file}:${line}: ${key}: unknown field${didYouMean(key, RECORD_FIELDS)}; expected ${RECORD_FIELDS.join(', ')}`)
        }
        else problems.push(`${file}:${line}: ${issue.path.join('.') || 'record'}: ${issue.message}`)
      }
      continue
    }
    records.push({ ...parsed.data, time: Date.parse(parsed.data.ts) })
  }
  if (problems.length) throw new DeployDataError(`${problems.length} bad record${problems.length > 1 ? 's' : ''} in ${file}:\n${problems.slice(0, 20).join('\n')}`)
  return records
}

/** Streams a JSONL request log and validates it; a leading byte order mark is ignored. */
export async function readRequestLog(file: string): Promise<RequestRecord[]> {
  const lines: Array<{ text: string, line: number }> = []
  try {
    let line = 0
    for await (const text of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
      line++
      lines.push({ text: line === 1 ? stripBom(text) : text, line })
    }
  }
  catch (error) {
    throw new DeployDataError(`cannot read the request log ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  return parseRecords(lines, file)
}

/** How many records each version has, most first. */
export function versionCounts(records: readonly RequestRecord[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const r of records) counts.set(r.version, (counts.get(r.version) ?? 0) + 1)
  return new Map([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
}

/** `v1 (120 requests), v2 (80 requests)`, or `no requests at all`. */
export function describeVersions(records: readonly RequestRecord[]): string {
  const counts = versionCounts(records)
  if (counts.size === 0) return 'no requests at all'
  return [...counts].map(([version, n]) => `${version} (${n} request${n === 1 ? '' : 's'})`).join(', ')
}

/**
 * Throws a `DeployDataError` unless every named version (`{ baseline: 'v1', candidate: 'v3' }`)
 * has records in the log, naming the versions the log does contain: a version that never appears
 * is a typo or the wrong log, never "not enough evidence yet".
 */
export function requireVersions(records: readonly RequestRecord[], versions: Readonly<Record<string, string>>, file: string): void {
  const counts = versionCounts(records)
  const absent = Object.entries(versions).filter(([, version]) => !counts.has(version))
  if (absent.length === 0) return
  const named = absent.map(([role, version]) => `${role} version ${JSON.stringify(version)}`).join(' and ')
  throw new DeployDataError(`${file}: no request of ${named}; the log has ${describeVersions(records)}`)
}
