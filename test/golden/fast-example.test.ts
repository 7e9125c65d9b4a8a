// Issue 18: golden examples are validated without zod in the common case. The fast path must
// give exactly the schema's output, and never accept what the schema rejects.
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { EXAMPLE_FIELDS, goldenExampleSchema } from '../../src/golden/example-schema.js'
import { fastExample } from '../../src/golden/fast-example.js'

// Values each field may take in a generated record: valid ones and near misses.
const POOL: Record<string, unknown[]> = {
  id: ['a', '', 7, 0, -1.5, Infinity, null, true, ['x']],
  input: ['question', '', { name: 'Ada', n: 1 }, {}, ['q'], null, 3, Object.create(null)],
  expected: ['answer', '', null, 4, ['a']],
  exact_match: ['answer', '', true, false, null, 1],
  must_contain: ['order', '', ['a', 'b'], [], ['a', ''], [1], null, 5],
  must_not_contain: ['sorry', ['x'], [], '', null],
  criteria: ['be polite', '', ['accuracy'], [], { accuracy: 4 }, { accuracy: 0 }, { accuracy: 6 }, {}, { a: '4' }, null],
  tags: [['billing'], [], [''], ['a', 3], 'billing', null],
  weight: [1, 0.5, 0, -1, Infinity, '1', null],
  metadata: [{ owner: 'x' }, {}, [], 'x', null],
}
const FIELDS = Object.keys(POOL)

function record(random: () => number): unknown {
  if (random() < 0.03) return random() < 0.5 ? null : ['not', 'an', 'object']
  const out: Record<string, unknown> = {}
  for (const field of FIELDS) {
    if (random() < (field === 'input' ? 0.9 : 0.35)) out[field] = POOL[field]![Math.floor(random() * POOL[field]!.length)]
  }
  if (random() < 0.05) out.must_contians = 'typo'
  return out
}

describe('fastExample', () => {
  it('knows the schema\'s fields, in its order', () => {
    expect(EXAMPLE_FIELDS).toEqual(Object.keys(goldenExampleSchema().shape))
    expect(Object.keys(POOL)).toEqual([...EXAMPLE_FIELDS])
  })

  it('agrees with the schema on 20,000 generated records (same output, same key order)', () => {
    const random = seedrandom('fast-example')
    let fast = 0
    let valid = 0
    for (let i = 0; i < 20_000; i++) {
      const value = record(random)
      const parsed = goldenExampleSchema().safeParse(value)
      const quick = fastExample(value)
      if (parsed.success) valid++
      if (quick === undefined) continue
      fast++
      expect(parsed.success, `fast path accepted what the schema rejects: ${JSON.stringify(value)}`).toBe(true)
      expect(JSON.stringify(quick)).toBe(JSON.stringify(parsed.data))
      expect(quick).toEqual(parsed.data)
    }
    // The generator reaches both paths, and the fast path takes every plain valid record it sees.
    expect(valid).toBeGreaterThan(500)
    expect(fast).toBeGreaterThan(valid * 0.9)
  })

  it('takes the plain common shapes and leaves anything else to the schema', () => {
    expect(fastExample({ id: 1, input: 'q', must_contain: 'a' })).toEqual({ id: '1', input: 'q', must_contain: ['a'] })
    expect(fastExample({ input: { x: 1 }, expected: 'e', criteria: { accuracy: 4 }, tags: ['t'], weight: 2 })).toEqual({ input: { x: 1 }, expected: 'e', criteria: { accuracy: 4 }, tags: ['t'], weight: 2 })
    expect(fastExample({ input: 'q' })).toBeUndefined() // no check
    expect(fastExample({ input: 'q', exact_match: true })).toBeUndefined() // needs expected
    expect(fastExample({ input: 'q', must_contians: 'a' })).toBeUndefined() // typo
    expect(fastExample({ input: 'q', weight: Infinity, expected: 'e' })).toBeUndefined()
  })
})
