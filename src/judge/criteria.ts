import { VitestLlmError } from '../errors.js'

/** A criterion the judge scores on the 1–5 scale, with what a 1, a 3 and a 5 look like. */
export interface Criterion {
  name: string
  rubric: string
}

/** The built-in criteria. */
export const BUILT_IN_CRITERIA: Readonly<Record<string, string>> = {
  relevance: [
    'Does the output address what the input asks?',
    '1 = ignores the question or answers a different one;',
    '3 = addresses the question but wanders or misses part of it;',
    '5 = addresses exactly what was asked, all parts, nothing off-topic.',
  ].join(' '),
  accuracy: [
    'Are the statements in the output correct (judged against the reference when one is given)?',
    '1 = wrong or contradicts the reference on the main point;',
    '3 = mostly right with a minor error or an unsupported claim;',
    '5 = every claim is correct and consistent with the reference.',
  ].join(' '),
  helpfulness: [
    'Would the output let the person asking act on it?',
    '1 = no usable help (refuses without reason, vague, or harmful);',
    '3 = some help but the person must still work out key steps;',
    '5 = clear, complete, actionable, at a suitable length.',
  ].join(' '),
  faithfulness: [
    'Is every claim in the output supported by the given context (no hallucination)?',
    '1 = main claims are not in the context or contradict it;',
    '3 = mostly supported, with some unsupported details;',
    '5 = every claim is supported by the context.',
  ].join(' '),
}

/** How a matcher or `golden()` names criteria: a rubric, names, or `{ name: minScore }`. */
export type CriteriaSpec = string | readonly string[] | Readonly<Record<string, number>>

/** The name given to an inline rubric string. */
export const INLINE_RUBRIC = 'rubric'

export interface ResolvedCriteria {
  criteria: Criterion[]
  /** Minimum passing score per criterion. */
  thresholds: Record<string, number>
}

/** Default minimum score. */
export const DEFAULT_THRESHOLD = 4

/**
 * Turns a criteria spec into rubrics and thresholds. A string that names a known criterion is
 * that criterion; any other string is an inline rubric. `threshold` applies to criteria without
 * their own minimum.
 */
export function resolveCriteria(spec: CriteriaSpec, custom: Readonly<Record<string, string>> = {}, threshold = DEFAULT_THRESHOLD): ResolvedCriteria {
  const known = { ...BUILT_IN_CRITERIA, ...custom }
  const lookup = (name: string): Criterion => {
    const rubric = known[name]
    if (!rubric) {
      throw new VitestLlmError('E_JUDGE', `unknown criterion \`${name}\`: expected one of ${Object.keys(known).map(k => `\`${k}\``).join(', ')}, or add it under \`judge.criteria\` in llm({...})`)
    }
    return { name, rubric }
  }
  if (typeof spec === 'string') {
    if (known[spec]) return { criteria: [lookup(spec)], thresholds: { [spec]: threshold } }
    return { criteria: [{ name: INLINE_RUBRIC, rubric: spec }], thresholds: { [INLINE_RUBRIC]: threshold } }
  }
  if (Array.isArray(spec)) {
    if (spec.length === 0) throw new VitestLlmError('E_JUDGE', 'no criteria: pass a rubric, criterion names, or { name: minScore }')
    return { criteria: spec.map(lookup), thresholds: Object.fromEntries(spec.map(name => [name, threshold])) }
  }
  const entries = Object.entries(spec as Record<string, number>)
  if (entries.length === 0) throw new VitestLlmError('E_JUDGE', 'no criteria: pass a rubric, criterion names, or { name: minScore }')
  for (const [name, min] of entries) {
    if (!(min >= 1 && min <= 5)) throw new VitestLlmError('E_JUDGE', `threshold of \`${name}\` must be between 1 and 5, received ${JSON.stringify(min)}`)
  }
  return { criteria: entries.map(([name]) => lookup(name)), thresholds: Object.fromEntries(entries) }
}
