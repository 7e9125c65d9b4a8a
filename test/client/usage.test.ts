import { describe, expect, test } from 'vitest'
import { addCall, addTotals, emptyTotals, type CallStats } from '../../src/client/usage.js'

const live: CallStats = { role: 'app', model: 'gpt-4o-mini', cached: false, inputTokens: 120, outputTokens: 40, estimated: false, costUsd: 0.0002, latencyMs: 310, retries: 1 }
const replayed: CallStats = { ...live, cached: true, costUsd: 0, latencyMs: 0, retries: 0 }

describe('usage totals', () => {
  test('whole totals count live calls and cached answers apart', () => {
    const totals = addCall(addCall(addCall(emptyTotals(), live), replayed), { ...live, costUsd: undefined, retries: 0 })
    expect(totals).toEqual({ requests: 2, cached: 1, inputTokens: 240, outputTokens: 80, costUsd: 0.0002, unpricedRequests: 1, retries: 1, latencyMs: 620 })
  })

  test('a case\'s partial totals gain only the fields its calls add to (its meta travels per case)', () => {
    expect(addCall({}, replayed)).toEqual({ cached: 1 })
    expect(addCall({}, { ...live, retries: 0, inputTokens: 0 })).toEqual({ requests: 1, outputTokens: 40, costUsd: 0.0002, latencyMs: 310 })
    expect(addCall({}, { ...live, costUsd: undefined })).toEqual({ requests: 1, inputTokens: 120, outputTokens: 40, unpricedRequests: 1, retries: 1, latencyMs: 310 })
  })

  test('partial totals add into whole ones as if the missing fields were 0', () => {
    const run = emptyTotals()
    addTotals(run, addCall({}, replayed))
    addTotals(run, addCall({}, live))
    addTotals(run, {})
    // A field this version does not know (meta from another version, merged) is ignored.
    addTotals(run, { unknown: 5 } as never)
    expect(run).toEqual(addCall(addCall(emptyTotals(), replayed), live))
  })
})
