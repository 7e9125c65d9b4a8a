import type { z } from 'zod'

/**
 * zod's message without its generic lead ("Invalid input: expected string, received number" →
 * "expected string, received number"): our messages already say which field is at fault.
 */
export function zodMessage(issue: z.core.$ZodIssue): string {
  return issue.message.replace(/^Invalid (input|option): /, '')
}
