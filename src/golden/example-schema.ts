import type { z } from 'zod'
import { hashOf } from '../util/canonical.js'
import { lazy, loadZod, type Zod } from '../util/lazy-zod.js'

/** The fields that say how an example is checked; an example needs at least one. */
export const CHECK_FIELDS = ['expected', 'exact_match', 'must_contain', 'must_not_contain', 'criteria'] as const

/** The message for an example without any check. */
export const NO_CHECK_MESSAGE = `the example has no check: add at least one of ${CHECK_FIELDS.join(', ')}`

/** The fields of an example, in the schema's order (the order of the parsed output's keys). */
export const EXAMPLE_FIELDS = ['id', 'input', 'expected', 'exact_match', 'must_contain', 'must_not_contain', 'criteria', 'tags', 'weight', 'metadata'] as const

/**
 * One golden example. Unknown fields are rejected so typos (`must_contians`) are caught; put
 * anything else under `metadata`. An example must say how it is checked (`CHECK_FIELDS`):
 * without a check it could only ever miss. Its fields are `EXAMPLE_FIELDS`, in that order.
 */
function buildExampleSchema(z: Zod) {
  const phrases = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform(v => (typeof v === 'string' ? [v] : v))
  const criteria = z.union([z.string().min(1), z.array(z.string().min(1)).min(1), z.record(z.string(), z.number().min(1).max(5))])
  return z.strictObject({
    /** Stable identifier; derived from the content when absent. */
    id: z.union([z.string().min(1), z.number()]).transform(String).optional(),
    /** The task's input: a string, or an object of template variables. */
    input: z.union([z.string(), z.record(z.string(), z.unknown())]),
    /** A known-good answer: the judge's reference. */
    expected: z.string().optional(),
    /** The exact answer (compared after trimming), or `true` to require `expected` exactly. */
    exact_match: z.union([z.string(), z.boolean()]).optional(),
    must_contain: phrases.optional(),
    must_not_contain: phrases.optional(),
    /** Judge criteria for this example: a rubric, names, or `{ name: minScore }`. */
    criteria: criteria.optional(),
    tags: z.array(z.string().min(1)).optional(),
    /** Weight in the golden pass rate. @default 1 */
    weight: z.number().positive().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
    .refine(e => e.exact_match !== true || e.expected !== undefined, { message: '`exact_match: true` needs `expected`', path: ['exact_match'] })
    .refine(e => CHECK_FIELDS.some(field => e[field] !== undefined), { message: NO_CHECK_MESSAGE })
}

/** The example schema, built on first use: plain valid examples are checked by `fastExample`. */
export const goldenExampleSchema = lazy(() => buildExampleSchema(loadZod()))

export type ParsedExample = z.output<ReturnType<typeof buildExampleSchema>>

/** A validated example with its id, and where it came from. */
export type GoldenExample = Omit<ParsedExample, 'id'> & {
  id: string
  /** File and 1-based line it was read from. */
  source: { file: string, line: number }
}

/** A stable id from the parts that define the example: same content, same id, anywhere. */
export function contentId(example: ParsedExample): string {
  const { input, expected, exact_match, must_contain, must_not_contain, criteria } = example
  return hashOf({ input, expected, exact_match, must_contain, must_not_contain, criteria }).slice(0, 12)
}
