import { describe, expect, it } from 'vitest'
import { runVitest } from '../helpers/run-vitest.js'

describe('the plugin in a real vitest run', () => {
  it('registers every matcher: passing cases pass, failing cases fail with precise messages', async () => {
    const run = await runVitest('matchers')
    expect(run.code).toBe(1)
    expect(run.output).toMatch(/Tests\s+5 failed \| 5 passed \(10\)/)
    expect(run.output).toContain('✓ pass.llm.test.ts')

    // toContainAll lists each missing phrase, and only those.
    expect(run.output).toContain('expected text to contain all of 3 phrases; missing 2:\n  - "refund"\n  - "tracking number"')
    expect(run.output).toContain('expected text to contain at least one of:\n  - "coffee"\n  - "juice"')
    // toMatchSchema shows zod's issue with its path.
    expect(run.output).toContain('JSON in the output does not match the schema:\n  - quantity: Invalid input: expected number, received string')
    // toFitTokenLimit shows the count, the limit and the encoding.
    expect(run.output).toContain('expected text to fit in 3 tokens, but it is 8 tokens (o200k_base), 5 over')
    // .not reports what was found.
    expect(run.output).toContain('expected text to contain none of the phrases, but it contains:\n  - "tea"')
  })

  it('fails the run before any test when an option is wrong, naming the key and what was expected', async () => {
    const run = await runVitest('bad-options')
    expect(run.code).toBe(1)
    expect(run.output).toContain('vitest-llm: invalid plugin options in llm({...}):')
    expect(run.output).toContain('- `cache.mode`: expected one of "auto"|"replay"|"record"|"off", received "fast"')
    expect(run.output).toContain('- unknown option `concurency`; expected one of `provider`, `judge`, `cache`, `concurrency`')
    expect(run.output).not.toContain('this test must not run')
  })

  it('rejects a bad VITEST_LLM_CACHE naming the environment variable', async () => {
    const run = await runVitest('matchers', ['pass.llm.test.ts'], { VITEST_LLM_CACHE: 'sometimes' })
    expect(run.code).toBe(1)
    expect(run.output).toContain('invalid environment variable `VITEST_LLM_CACHE`: expected one of auto, replay, record, off, received "sometimes"')
  })
})

describe('vitest-llm/matchers without the plugin', () => {
  it('registers the matchers from setupFiles', async () => {
    const run = await runVitest('no-plugin')
    expect(run.output).toMatch(/Tests\s+2 passed \(2\)/)
    expect(run.code).toBe(0)
  })
})
