import { describe, expect, it } from 'vitest'
import { costOf, priceOf } from '../../src/client/pricing.js'

describe('pricing', () => {
  it('finds exact models and dated snapshots by longest prefix', () => {
    expect(priceOf('gpt-4o-mini')).toEqual({ input: 0.15, output: 0.6 })
    expect(priceOf('gpt-4o-mini-2024-07-18')).toEqual({ input: 0.15, output: 0.6 })
    expect(priceOf('gpt-4o-2024-08-06')).toEqual({ input: 2.5, output: 10 })
  })

  it('reports unknown models as unknown, not free', () => {
    expect(priceOf('llama3.2')).toBeUndefined()
    expect(costOf('llama3.2', 1000, 1000)).toBeUndefined()
  })

  it('computes USD per 1M tokens, with overrides winning', () => {
    // 1,000 input × $0.15/M + 500 output × $0.60/M = $0.00045
    expect(costOf('gpt-4o-mini', 1000, 500)).toBeCloseTo(0.00045, 10)
    expect(costOf('llama3.2', 1_000_000, 0, { 'llama3.2': { input: 0.1, output: 0.2 } })).toBeCloseTo(0.1, 10)
  })
})
