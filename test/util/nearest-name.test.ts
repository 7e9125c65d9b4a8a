import { describe, expect, it } from 'vitest'
import { didYouMean, editDistance, nearestName } from '../../src/util/nearest-name.js'

describe('nearestName', () => {
  it('counts insertions, deletions, substitutions and swaps as one edit each', () => {
    expect(editDistance('temprature', 'temperature')).toBe(1)
    expect(editDistance('must_contians', 'must_contain')).toBe(2)
    expect(editDistance('ab', 'ba')).toBe(1)
    expect(editDistance('', 'abc')).toBe(3)
  })

  it('suggests the closest plausible name, and nothing for a far-off one', () => {
    expect(nearestName('temprature', ['top_p', 'temperature', 'seed'])).toBe('temperature')
    expect(nearestName('minSample', ['minSamples', 'bake'])).toBe('minSamples')
    expect(nearestName('MODEL', ['model'])).toBe('model')
    expect(nearestName('xyz', ['temperature', 'seed'])).toBeUndefined()
    expect(nearestName('seed', ['seed'])).toBeUndefined()
  })

  it('formats the hint', () => {
    expect(didYouMean('temprature', ['temperature'])).toBe(' (did you mean `temperature`?)')
    expect(didYouMean('xyz', ['temperature'])).toBe('')
  })
})
