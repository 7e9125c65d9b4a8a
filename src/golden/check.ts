import type { CriteriaSpec } from '../judge/criteria.js'
import { NO_CHECK_MESSAGE, type GoldenExample } from './example-schema.js'

/** How an example is checked. */
export type CheckKind = 'exact' | 'contains' | 'judge'

export interface CheckOutcome {
  kind: CheckKind
  pass: boolean
  /** Why it missed, for the report and the test's message. */
  reason?: string
  scores?: Record<string, { score: number, threshold: number, reason: string }>
}

/** Scores an output with the judge and says which criteria met their thresholds. */
export type JudgeCheck = (output: string, criteria: CriteriaSpec, reference: string | undefined, input: string | undefined) => Promise<Record<string, { score: number, threshold: number, reason: string }>>

const normalise = (text: string) => text.trim()

/**
 * The example's own check: `exact_match` → equality; `must_contain` / `must_not_contain` →
 * phrases; and the judge when the example has `criteria`, or has `expected` and no other check
 * (with `reference = expected`). Phrases and the judge both apply when both are asked for.
 * Synchronous unless the judge is asked: a replayed run checks thousands of phrases, and each
 * promise costs more than the check.
 */
export function checkExample(example: GoldenExample, output: string, defaultCriteria: CriteriaSpec | undefined, runJudge: JudgeCheck): CheckOutcome | Promise<CheckOutcome> {
  if (example.exact_match !== undefined) {
    const want = example.exact_match === true ? example.expected! : String(example.exact_match)
    const pass = example.exact_match === false || normalise(output) === normalise(want)
    return { kind: 'exact', pass, reason: pass ? undefined : `expected exactly ${JSON.stringify(want)}, received ${JSON.stringify(output)}` }
  }
  const reasons: string[] = []
  const hasPhrases = Boolean(example.must_contain || example.must_not_contain)
  if (hasPhrases) {
    const text = output.toLowerCase()
    const missing = (example.must_contain ?? []).filter(p => !text.includes(p.toLowerCase()))
    const present = (example.must_not_contain ?? []).filter(p => text.includes(p.toLowerCase()))
    if (missing.length) reasons.push(`missing ${missing.map(p => JSON.stringify(p)).join(', ')}`)
    if (present.length) reasons.push(`contains forbidden ${present.map(p => JSON.stringify(p)).join(', ')}`)
  }
  const criteria = example.criteria ?? (!hasPhrases && example.expected !== undefined ? defaultCriteria ?? ['accuracy', 'relevance'] : undefined)
  if (!criteria) {
    // `loadGolden` rejects such examples; one built by hand can still get here.
    if (!hasPhrases) return { kind: 'contains', pass: false, reason: NO_CHECK_MESSAGE }
    return { kind: 'contains', pass: reasons.length === 0, reason: reasons.join('; ') || undefined }
  }
  const input = typeof example.input === 'string' ? example.input : JSON.stringify(example.input)
  return runJudge(output, criteria, example.expected, input).then((scores) => {
    for (const [name, s] of Object.entries(scores)) if (s.score < s.threshold) reasons.push(`${name} ${s.score}/5 < ${s.threshold}: ${s.reason}`)
    return { kind: 'judge' as const, pass: reasons.length === 0, reason: reasons.join('; ') || undefined, scores }
  })
}
