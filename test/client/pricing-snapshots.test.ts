import { describe, expect, it } from 'vitest'
import { costOf, priceOf } from '../../src/client/pricing.js'

describe('pricing: only real snapshots inherit a family price', () => {
  it('a typo or an unknown variant is unpriced, not priced as a shorter name', () => {
    expect(priceOf('gpt-4o-mni')).toBeUndefined()
    expect(priceOf('gpt-4o-mini-high')).toBeUndefined()
    expect(priceOf('gpt-4-turbo-ultra')).toBeUndefined()
    expect(costOf('gpt-4o-mni', 1000, 1000)).toBeUndefined()
  })

  it('dated snapshots and listed aliases find their family', () => {
    expect(priceOf('gpt-4o-2024-08-06')).toEqual({ input: 2.5, output: 10 })
    expect(priceOf('gpt-4o-mini-2024-07-18')).toEqual({ input: 0.15, output: 0.6 })
    expect(priceOf('o3-mini-2025-01-31')).toEqual({ input: 1.1, output: 4.4 })
    expect(priceOf('gpt-4-0613')).toEqual({ input: 30, output: 60 })
    expect(priceOf('gpt-4-turbo-preview')).toEqual({ input: 10, output: 30 })
  })

  it('overrides follow the same rule', () => {
    const overrides = { 'my-model': { input: 1, output: 2 } }
    expect(priceOf('my-model-2026-01-01', overrides)).toEqual({ input: 1, output: 2 })
    expect(priceOf('my-model-large', overrides)).toBeUndefined()
  })
})
