import { z } from 'zod'

/**
 * The judge's answer: per criterion a reason, then a score. Reasons come first in the schema so
 * that the model writes its justification before committing to a number.
 */
export function scoresSchema(names: readonly string[]) {
  const score = z.strictObject({ reason: z.string().min(1), score: z.int().min(1).max(5) })
  return z.strictObject({ scores: z.strictObject(Object.fromEntries(names.map(name => [name, score]))) })
}

export type JudgeScores = Record<string, { score: number, reason: string }>

/** The JSON Schema sent to the endpoint, built from the zod schema. */
export function toWireSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema) as Record<string, unknown>
  return json
}
