import type { MatcherState, SyncMatcherResult } from 'vitest'
import { countTokens, resolveEncoding } from '../tokens/count-tokens.js'
import { requireString } from '../context/received-text.js'
import type { TokenLimitOptions } from './types.js'

/** `expect(text).toFitTokenLimit(max, { model? | encoding? })` */
export function toFitTokenLimit(this: MatcherState, received: unknown, max: number, options: TokenLimitOptions = {}): SyncMatcherResult {
  const text = requireString(this, 'toFitTokenLimit', received)
  const { encoding, fallback } = resolveEncoding(options)
  const tokens = countTokens(text, { encoding })
  const counted = `${encoding}${fallback ? `, guessed for model \`${options.model}\`` : ''}`
  return {
    pass: tokens <= max,
    message: () => tokens <= max
      ? `expected text to exceed ${max} tokens, but it is ${tokens} tokens (${counted})`
      : `expected text to fit in ${max} tokens, but it is ${tokens} tokens (${counted}), ${tokens - max} over`,
    actual: tokens,
    expected: max,
  }
}
