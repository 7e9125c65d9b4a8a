// Issue 18: plugin options are checked without zod in the common case. The fast check must
// never accept what the schema rejects, and valid options must parse to themselves.
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { certainlyValidOptions } from '../../src/config/fast-options.js'
import { optionsSchema, resolveOptions } from '../../src/config/options.js'

type Pool = Record<string, () => unknown>

// Values each key may take: valid ones, near misses and wrong types.
function generator(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const object = (pool: Pool, typo = 0.04) => {
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(pool)) if (random() < 0.5) out[key] = value()
    if (random() < typo) out.concurency = 4
    return out
  }
  const num = () => pick([0, 0.5, 1, 1.5, 2, 2.5, 4, 5, 6, -1, 3.2, 1e9, Infinity, Number.NaN, '1', null])
  const text = () => pick(['', 'x', 'gpt-4o-mini', 'a b', 3, null, undefined])
  const url = () => pick(['http://127.0.0.1:8080/v1', 'https://api.openai.com/v1', 'http://localhost', 'localhost:11434', 'http:/x', 'https://exa mple.com', 'ftp://files', 'https://x.y/v1?q=1', ' http://a.b ', 3])
  const file = () => pick(['.vitest/r.json', '', false, true, null, 1])
  const endpoint = { model: text, baseURL: url, apiKey: text }
  const maxDrop = () => pick([0, 0.1, 1, 2, -0.1, { passRate: 0.05 }, { score: 0.5 }, { score: 5 }, { passRate: 0.1, score: 1 }, { pass: 1 }, {}])
  const pool: Pool = {
    provider: () => (random() < 0.9 ? object(endpoint) : pick(['x', null, []])),
    judge: () => object({ ...endpoint, temperature: num, criteria: () => pick([{ tone: 'polite' }, { '': 'x' }, { tone: '' }, { tone: 3 }, ['tone'], {}]) }),
    cache: () => object({ mode: () => pick(['auto', 'replay', 'record', 'off', 'fast', '', undefined]), dir: text }),
    concurrency: num,
    rateLimit: () => object({ requestsPerMinute: num, tokensPerMinute: num }),
    depth: () => pick(['auto', 'smoke', 'sampled', 'regression', 'full', 'comprehensive', 'deep', { level: 'smoke' }, { level: 'x' }, 3]),
    retries: num,
    timeoutMs: num,
    pricing: () => pick([{ m: { input: 1, output: 2 } }, { m: { input: -1, output: 2 } }, { m: { input: 1 } }, { m: { input: 1, output: 2, cached: 0 } }, {}]),
    gate: () => object({
      goldenPassRate: num,
      scores: () => pick([{ accuracy: 4 }, { accuracy: 0 }, { accuracy: 6 }, { accuracy: '4' }, {}]),
      minCases: num,
      maxErrorRate: num,
      maxCostUsd: num,
      bound: () => pick(['point', 'lower', 'upper']),
      enforce: () => pick(['auto', 'always', 'never', 'sometimes']),
      baseline: () => object({ file: text, maxDrop, alpha: num }, 0),
      compare: () => object({ candidate: text, control: text, maxDrop, alpha: num }, 0),
    }),
    report: () => object({ json: file, markdown: file, junit: file, html: file }),
  }
  return () => (random() < 0.02 ? pick([null, 'options', [], new Date()]) : object(pool))
}

describe('certainlyValidOptions', () => {
  it('never accepts what the schema rejects, and what it accepts parses to itself (20,000 generated options)', () => {
    const next = generator(seedrandom('fast-options'))
    let fast = 0
    let valid = 0
    for (let i = 0; i < 20_000; i++) {
      const options = next()
      const parsed = optionsSchema().safeParse(options)
      if (parsed.success) valid++
      if (!certainlyValidOptions(options)) continue
      fast++
      expect(parsed.success, `accepted what the schema rejects: ${JSON.stringify(options)}`).toBe(true)
      expect(parsed.data).toEqual(options)
    }
    // The generator reaches both sides, and the fast check takes most valid options it sees;
    // it leaves the object form of `depth` and unusual URLs (`ftp:`, `http:/x`, spaces the
    // schema trims), frequent in this generator and rare in configs, to the schema.
    expect(valid).toBeGreaterThan(300)
    expect(fast).toBeGreaterThan(valid * 0.6)
  })

  it('takes the common configurations', () => {
    for (const options of [
      {},
      { provider: { model: 'gpt-4o-mini' } },
      { provider: { model: 'gpt-4o-mini', baseURL: 'http://127.0.0.1:41233/v1', apiKey: 'sk-test' }, cache: { mode: 'replay', dir: '.llm-cache' }, concurrency: 32, retries: 0 },
      { provider: { model: 'gpt-4o-mini' }, judge: { model: 'gpt-4o', temperature: 0 }, gate: { goldenPassRate: 0.9, scores: { accuracy: 4 }, minCases: 10, baseline: { file: 'llm-baseline.json', maxDrop: { passRate: 0.05, score: 0.5 } } }, report: { html: false, junit: 'reports/llm.xml' }, depth: 'auto' },
    ]) expect(certainlyValidOptions(options), JSON.stringify(options)).toBe(true)
  })

  it('leaves every problem to the schema, which still names it', () => {
    expect(certainlyValidOptions({ concurency: 4 })).toBe(false)
    expect(certainlyValidOptions({ gate: { baseline: {} } })).toBe(false) // file is required
    expect(() => resolveOptions({ gate: { baseline: {} } }, {})).toThrow('`gate.baseline.file`')
    expect(() => resolveOptions({ concurency: 4 }, {})).toThrow('did you mean `concurrency`?')
  })
})
