import type { z } from 'zod'
import { findJsonCandidates } from './find-json.js'
import { formatIssues, ParseError } from './parse-error.js'

/**
 * Extracts JSON from model output — bare, inside a ```json fence, or with prose around it —
 * and, given a zod schema, validates it and returns the typed value.
 * Throws `ParseError` with the raw text, the failing position and zod's issues.
 *
 * @example
 * const answer = parseJson(reply.text, z.object({ answer: z.string() }))
 */
export function parseJson<S extends z.ZodType>(text: string, schema: S): z.output<S>
export function parseJson(text: string): unknown
export function parseJson(text: string, schema?: z.ZodType): unknown {
  let firstFailure: { position: number, message: string } | undefined
  let schemaFailure: z.core.$ZodIssue[] | undefined
  for (const candidate of findJsonCandidates(text)) {
    let value: unknown
    try {
      value = JSON.parse(candidate.text)
    }
    catch (error) {
      // Only text that looks like JSON explains a failure; prose failing to parse says nothing.
      if (/^[[{]/.test(candidate.text)) firstFailure ??= { position: candidate.offset + errorPosition(error, candidate.text), message: (error as Error).message }
      continue
    }
    if (!schema) return value
    const result = schema.safeParse(value)
    if (result.success) return result.data
    schemaFailure ??= result.error.issues
  }
  if (schemaFailure) {
    throw new ParseError(`JSON in the output does not match the schema:\n${formatIssues(schemaFailure)}`, { raw: text, issues: schemaFailure })
  }
  if (firstFailure) {
    throw new ParseError(`invalid JSON in the output at position ${firstFailure.position}: ${firstFailure.message}\n${excerpt(text, firstFailure.position)}`, { raw: text, position: firstFailure.position })
  }
  throw new ParseError(`no JSON found in the output: ${JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text)}`, { raw: text, position: 0 })
}

function errorPosition(error: unknown, text: string): number {
  const match = /position (\d+)/.exec((error as Error).message)
  return match ? Number(match[1]) : text.length
}

function excerpt(text: string, position: number): string {
  const start = Math.max(0, position - 40)
  const line = text.slice(start, position + 20).replace(/\n/g, ' ')
  return `  ${start > 0 ? '…' : ''}${line}\n  ${' '.repeat(position - start + (start > 0 ? 1 : 0))}^`
}
