import { describe, expect, it } from 'vitest'
import { isRetryable, retryDelay } from '../../src/client/retry.js'

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null })

describe('isRetryable', () => {
  it.each([
    [undefined, true], [408, true], [409, true], [429, true], [500, true], [503, true],
    [400, false], [401, false], [403, false], [404, false], [422, false],
  ])('status %s → %s', (status, expected) => {
    expect(isRetryable({ status })).toBe(expected)
  })
})

describe('retryDelay', () => {
  const midJitter = () => 0.5

  it('honours retry-after-ms first, then retry-after in seconds or as an HTTP date', () => {
    expect(retryDelay(1, { status: 429, headers: headers({ 'retry-after-ms': '1500', 'retry-after': '9' }) })).toBe(1500)
    expect(retryDelay(1, { status: 429, headers: headers({ 'retry-after': '2' }) })).toBe(2000)
    const now = Date.parse('2026-11-28T00:00:00Z')
    expect(retryDelay(1, { status: 503, headers: headers({ 'retry-after': 'Sat, 28 Nov 2026 00:00:03 GMT' }) }, midJitter, now)).toBe(3000)
  })

  it('backs off exponentially with jitter, capped', () => {
    expect([1, 2, 3, 4, 5, 6].map(n => retryDelay(n, { status: 500 }, midJitter))).toEqual([500, 1000, 2000, 4000, 8000, 8000])
    expect(retryDelay(1, { status: 500 }, () => 0)).toBe(375)
    expect(retryDelay(1, { status: 500 }, () => 1)).toBe(625)
  })

  it('ignores an absurd retry-after (over a minute) and backs off instead', () => {
    expect(retryDelay(1, { status: 429, headers: headers({ 'retry-after': '3600' }) }, midJitter)).toBe(500)
  })
})
