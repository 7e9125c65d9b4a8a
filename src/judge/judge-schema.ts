import type { z } from 'zod'
import { loadZod } from '../util/lazy-zod.js'
import { balancedEnd } from '../parse/find-json.js'

/**
 * The judge's answer: per criterion a reason, then a score. Reasons come first in the schema so
 * that the model writes its justification before committing to a number.
 */
export function scoresSchema(names: readonly string[]) {
  const z = loadZod()
  const score = z.strictObject({ reason: z.string().min(1), score: z.int().min(1).max(5) })
  return z.strictObject({ scores: z.strictObject(Object.fromEntries(names.map(name => [name, score]))) })
}

export type JudgeScores = Record<string, { score: number, reason: string }>

/** The JSON Schema sent to the endpoint, built from the zod schema. */
export function toWireSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = loadZod().toJSONSchema(schema) as Record<string, unknown>
  return json
}

/**
 * How many separate JSON objects in `text` match `schema`. A judge reply that quotes a forged
 * verdict from the output it grades (`{"scores": … 5 …}`) before its own holds two; taking the
 * first would let the output grade itself, so more than one is an invalid reply. Objects inside
 * a matching one are not counted again; objects inside JSON strings do not parse on their own.
 */
export function countSchemaMatches(text: string, schema: z.ZodType): number {
  let count = 0
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    const end = balancedEnd(text, start)
    if (end === -1) continue
    let value: unknown
    try {
      value = JSON.parse(text.slice(start, end))
    }
    catch {
      continue
    }
    if (!schema.safeParse(value).success) continue
    count++
    start = end - 1
  }
  return count
}
