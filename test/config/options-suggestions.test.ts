import { describe, expect, it } from 'vitest'
import { resolveOptions } from '../../src/config/options.js'

describe('plugin options: unknown keys suggest the nearest name', () => {
  it('at the top level and nested', () => {
    expect(() => resolveOptions({ concurency: 2 })).toThrow(/- unknown option `concurency`; expected one of `provider`, .*; did you mean `concurrency`\?$/m)
    expect(() => resolveOptions({ cache: { mdoe: 'replay' } })).toThrow(/- unknown option `cache\.mdoe`; expected one of `mode`, `dir`; did you mean `mode`\?$/m)
  })

  it('without a close name, no suggestion', () => {
    expect(() => resolveOptions({ zzzzzz: 1 })).toThrow(/- unknown option `zzzzzz`; expected one of `provider`, [^?]*$/m)
  })
})
