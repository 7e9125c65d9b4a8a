import type { MatcherState, SyncMatcherResult } from 'vitest'
import type { ContainOptions } from './types.js'
import { requireString } from '../context/received-text.js'

function findMissing(text: string, phrases: readonly string[], options: ContainOptions): string[] {
  const haystack = options.ignoreCase ? text.toLowerCase() : text
  return phrases.filter(phrase => !haystack.includes(options.ignoreCase ? phrase.toLowerCase() : phrase))
}

function list(state: MatcherState, phrases: readonly string[]): string {
  return phrases.map(p => `  - ${state.utils.printExpected(p)}`).join('\n')
}

/** `expect(text).toContainAll(phrases, { ignoreCase? })` */
export function toContainAll(this: MatcherState, received: unknown, phrases: readonly string[], options: ContainOptions = {}): SyncMatcherResult {
  const text = requireString(this, 'toContainAll', received)
  const missing = findMissing(text, phrases, options)
  const how = options.ignoreCase ? ' (ignoring case)' : ''
  return {
    pass: missing.length === 0,
    message: () => missing.length === 0
      ? `expected text not to contain all of ${phrases.length} phrases${how}, but it contains every one:\n${list(this, phrases)}`
      : `expected text to contain all of ${phrases.length} phrases${how}; missing ${missing.length}:\n${list(this, missing)}\n\nReceived: ${this.utils.printReceived(text)}`,
  }
}

/** `expect(text).toContainAny(phrases, { ignoreCase? })` */
export function toContainAny(this: MatcherState, received: unknown, phrases: readonly string[], options: ContainOptions = {}): SyncMatcherResult {
  const text = requireString(this, 'toContainAny', received)
  const missing = findMissing(text, phrases, options)
  const found = phrases.filter(p => !missing.includes(p))
  const how = options.ignoreCase ? ' (ignoring case)' : ''
  return {
    pass: found.length > 0,
    message: () => found.length > 0
      ? `expected text to contain none of the phrases${how}, but it contains:\n${list(this, found)}`
      : `expected text to contain at least one of${how}:\n${list(this, phrases)}\n\nReceived: ${this.utils.printReceived(text)}`,
  }
}
