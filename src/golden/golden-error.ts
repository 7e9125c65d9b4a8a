import { VitestLlmError } from '../errors.js'

/** One problem of a golden file, located. */
export interface GoldenProblem {
  file: string
  line: number
  field?: string
  message: string
}

// Line 0 is the whole file (missing, unreadable, no match): no line to name.
export const formatProblem = (p: GoldenProblem) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.field ? `${p.field}: ` : ''}${p.message}`

/** Golden files that cannot be used as written; lists every problem found (up to a limit). */
export class GoldenError extends VitestLlmError {
  readonly problems: GoldenProblem[]

  constructor(problems: GoldenProblem[]) {
    const shown = problems.slice(0, 20).map(formatProblem)
    if (problems.length > 20) shown.push(`… and ${problems.length - 20} more`)
    super('E_GOLDEN', problems.length === 1 ? shown[0]! : `${problems.length} problems in golden files:\n${shown.join('\n')}`)
    this.name = 'GoldenError'
    this.problems = problems
  }
}
