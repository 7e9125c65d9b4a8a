import type { z } from 'zod'
import { VitestLlmError } from '../errors.js'

/** Model output that holds no usable JSON, or JSON that fails the schema. */
export class ParseError extends VitestLlmError {
  /** The whole text that was parsed. */
  readonly raw: string
  /** 0-based offset in `raw` where parsing failed, when known. */
  readonly position: number | undefined
  /** zod's issues when the JSON was found but did not match the schema. */
  readonly issues: z.core.$ZodIssue[]

  constructor(message: string, details: { raw: string, position?: number, issues?: z.core.$ZodIssue[] }) {
    super('E_PARSE', message)
    this.name = 'ParseError'
    this.raw = details.raw
    this.position = details.position
    this.issues = details.issues ?? []
  }
}

/** `path: message` per zod issue, one per line. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map(issue => `  - ${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('\n')
}
