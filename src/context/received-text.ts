import type { MatcherState } from 'vitest'

/** Text matchers accept a string or anything with a string `text` field (a `complete()` reply). */
export function requireString(state: MatcherState, matcher: string, received: unknown): string {
  if (typeof received === 'string') return received
  if (typeof received === 'object' && received !== null && typeof (received as { text?: unknown }).text === 'string') {
    return (received as { text: string }).text
  }
  throw new TypeError(`${matcher}: expected a string (or a reply with a \`text\` field), received ${state.utils.printReceived(received)}`)
}
