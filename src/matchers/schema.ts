import type { MatcherState, SyncMatcherResult } from 'vitest'
import type { z } from 'zod'
import { parseJson } from '../parse/parse-json.js'
import type { ParseError } from '../parse/parse-error.js'
import { VitestLlmError } from '../errors.js'
import { requireString } from '../context/received-text.js'

/** `expect(text).toMatchSchema(zodSchema)`: JSON found in the text (bare or fenced) validates. */
export function toMatchSchema(this: MatcherState, received: unknown, schema: z.ZodType): SyncMatcherResult {
  const text = requireString(this, 'toMatchSchema', received)
  try {
    const value = parseJson(text, schema)
    return {
      pass: true,
      message: () => `expected text not to hold JSON matching the schema, but it does:\n${this.utils.printReceived(value)}`,
    }
  }
  catch (error) {
    if (!(VitestLlmError.is(error) && error.code === 'E_PARSE')) throw error
    return {
      pass: false,
      message: () => `expected text to hold JSON matching the schema, but ${error.message}\n\nReceived: ${this.utils.printReceived(text)}`,
      actual: text,
    }
  }
}
