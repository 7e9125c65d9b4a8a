import { scriptSafe } from './escape.js'

/** Between two cases in the report file: each case on a line of its own, indented in `cases`. */
export const CASE_SEPARATOR = ',\n    '
const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/

/**
 * The cases' JSON lines joined and encoded once, for both files: `json` as the report file
 * holds them, `html` as the page's data block does (the same bytes unless a case holds `<`,
 * `>`, `&` or a line separator, which the page writes escaped). A 10,000-case report is
 * ~3.7 MB of them: the page and the file no longer each join, copy and encode their own.
 */
export interface CaseBlock {
  count: number
  json: Uint8Array
  html: Uint8Array
}

export function caseBlock(lines: readonly string[]): CaseBlock {
  const joined = lines.join(CASE_SEPARATOR)
  const json = Buffer.from(joined)
  return { count: lines.length, json, html: UNSAFE_IN_SCRIPT.test(joined) ? Buffer.from(scriptSafe(joined)) : json }
}
