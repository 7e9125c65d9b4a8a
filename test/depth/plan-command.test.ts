import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { planCommand, type PlanOptions } from '../../src/cli/plan-command.js'
import type { CliIo } from '../../src/cli/io.js'
import { resolveDepthOptions } from '../../src/config/depth-options.js'
import { takeFingerprints } from '../../src/depth/fingerprints.js'
import { judgeFingerprintInput } from '../../src/depth/judge-input.js'
import { fixtureCopy } from './fixture.js'

const judge = { model: 'gpt-4o-mini', temperature: 0, criteria: {} }
const options: PlanOptions = { depth: resolveDepthOptions({ level: 'auto', inputs: { rag: ['docs/**/*.md'] } }, {}), judge }
const usage = { requests: 2, cached: 0, inputTokens: 200, outputTokens: 40 }

let tree: Awaited<ReturnType<typeof fixtureCopy>>
beforeEach(async () => {
  tree = await fixtureCopy()
})
afterEach(() => tree.cleanup())

function io() {
  const out: string[] = []
  const err: string[] = []
  const cli: CliIo = { cwd: tree.dir, stdout: l => out.push(l), stderr: l => err.push(l), resolve: p => resolve(tree.dir, p) }
  return { cli, out, err }
}

/** A baseline as `baseline save` will write it: fingerprints, suite records and per-case usage. */
async function saveBaseline(extra: object = {}) {
  const fingerprints = await takeFingerprints(tree.dir, { rag: options.depth!.inputs.rag, golden: options.depth!.inputs.golden, judge: judgeFingerprintInput(judge) })
  const baseline = {
    version: 1,
    savedAt: '2026-01-01T00:00:00.000Z',
    cases: {
      'answers › refund-time': { verdict: 'pass', usage, costUsd: 0.002 },
      'answers › ship-time': { verdict: 'pass', usage, costUsd: 0.002 },
      'answers › express-cost': { verdict: 'pass', scores: { accuracy: 5 }, usage: { ...usage, requests: 4 }, costUsd: 0.004 },
      'labels › billing': { verdict: 'pass', usage: { ...usage, requests: 1 }, costUsd: 0.001 },
      'labels › shipping': { verdict: 'pass', usage: { ...usage, requests: 1 }, costUsd: 0.001 },
    },
    metrics: { goldenPassRate: 1, scores: { accuracy: 5 } },
    prompts: {},
    fingerprints,
    suites: {
      answers: { kind: 'golden', uses: { prompts: ['support-answer'], rag: true }, files: ['golden/answers.jsonl'], examples: { total: 3, judged: 1 } },
      labels: { kind: 'golden', uses: ['classify'], files: ['golden/labels.yaml'], examples: { total: 2, judged: 0 } },
    },
    ...extra,
  }
  await writeFile(join(tree.dir, 'llm-baseline.json'), JSON.stringify(baseline))
}

const loader = async () => options

describe('vitest-llm plan', () => {
  it('an unchanged tree: smoke everywhere, with the estimate against full', async () => {
    await saveBaseline()
    const { cli, out, err } = io()
    expect(await planCommand([], cli, loader)).toBe(0)
    expect(err).toEqual([])
    const text = out.join('\n')
    expect(text).toContain('Depth: smoke (auto) — nothing LLM-related changed since the baseline')
    expect(text).toMatch(/answers\s+smoke/)
    expect(text).toMatch(/labels\s+smoke/)
    expect(text).toContain('Estimate: 10 requests (100% of full), $0.01 (100% of full); full: 10 requests, $0.01')
  })

  it('a baseline saved from a replayed run: the estimate says how many calls the cache answered', async () => {
    const replayed = { requests: 0, cached: 2, inputTokens: 100, outputTokens: 20 }
    await saveBaseline({ cases: { 'answers › refund-time': { verdict: 'pass', usage: replayed, costUsd: 0 }, 'labels › billing': { verdict: 'pass', usage: replayed, costUsd: 0 } } })
    const { cli, out } = io()
    expect(await planCommand([], cli, loader)).toBe(0)
    expect(out.join('\n')).toMatch(/Estimate: 0 requests \(\+\d+ answered by the cache in the baseline run\)/)
  })

  it('a RAG change: the set that uses the docs runs at regression, the other at smoke (--json)', async () => {
    await saveBaseline()
    await tree.edit('docs/refunds.md', t => `${t}\nGift cards are refunded as store credit.\n`)
    const { cli, out } = io()
    expect(await planCommand(['--json'], cli, loader)).toBe(0)
    const json = JSON.parse(out.join('\n'))
    expect(json.depth).toMatchObject({ mode: 'auto', level: 'regression', known: true })
    expect(json.changes).toMatchObject([{ type: 'rag', files: ['docs/**/*.md'] }])
    expect(json.suites.map((s: { suite: string, level: string }) => [s.suite, s.level])).toEqual([['answers', 'regression'], ['labels', 'smoke']])
    // answers at regression: 2 deterministic + at least 1 judged (0.3 × 1 rounds to 0); labels at smoke: both.
    expect(json.estimate.suites.map((s: { cases: number }) => s.cases)).toEqual([3, 2])
  })

  it('a model change in Markdown for a pull-request comment', async () => {
    await saveBaseline()
    await tree.edit('prompts/classify.prompt.yaml', t => t.replace('model: gpt-4o-mini', 'model: gpt-4.1-mini'))
    const { cli, out } = io()
    expect(await planCommand(['--markdown'], cli, loader)).toBe(0)
    const md = out.join('\n')
    expect(md).toContain('### vitest-llm plan: depth `comprehensive` (auto)')
    expect(md).toContain('| model | model of prompts/classify.prompt.yaml: gpt-4o-mini → gpt-4.1-mini | comprehensive |')
    expect(md).toMatch(/\| labels \| classify \| comprehensive \|/)
    expect(md).toMatch(/\| answers \| support-answer, rag \| smoke \|/)
  })

  it('--depth forces a level for the preview', async () => {
    await saveBaseline()
    const { cli, out } = io()
    expect(await planCommand(['--depth', 'full'], cli, loader)).toBe(0)
    expect(out.join('\n')).toContain('Depth: full (fixed) — depth fixed to full')
  })

  it('no baseline file: changes unknown, the full suite would run; exit 0', async () => {
    const { cli, out } = io()
    expect(await planCommand([], cli, loader)).toBe(0)
    expect(out.join('\n')).toContain('Depth: full (auto) — changes unknown')
  })

  it('a baseline saved before fingerprints: unknown, full, with notes on the estimate', async () => {
    await saveBaseline({ fingerprints: undefined, suites: undefined })
    const { cli, out } = io()
    expect(await planCommand([], cli, loader)).toBe(0)
    const text = out.join('\n')
    expect(text).toContain('Changes: unknown')
    expect(text).toMatch(/answers\s+full/)
    expect(text).toContain('note: suites without a record')
  })

  it('without plugin options: previews auto with the baseline\'s inputs, and does not compare the judge', async () => {
    await saveBaseline()
    const { cli, out } = io()
    expect(await planCommand([], cli, async () => undefined)).toBe(0)
    const text = out.join('\n')
    expect(text).toContain('Depth: smoke (auto)')
    expect(text).toContain('note: plugin options unknown')
  })

  it('a judge change is detected when the options are known', async () => {
    await saveBaseline()
    const { cli, out } = io()
    expect(await planCommand([], cli, async () => ({ ...options, judge: { ...judge, model: 'gpt-4o' } }))).toBe(0)
    expect(out.join('\n')).toContain('judge           judge model, temperature or criteria changed → full')
  })

  it('a bad baseline exits 3 naming the file', async () => {
    await writeFile(join(tree.dir, 'llm-baseline.json'), '{"version": 2}')
    const { cli, out, err } = io()
    expect(await planCommand([], cli, loader)).toBe(3)
    expect(out).toEqual([])
    expect(err.join('\n')).toMatch(/llm-baseline\.json is not a vitest-llm baseline/)
    await writeFile(join(tree.dir, 'other.json'), 'not json')
    expect(await planCommand(['--baseline', 'other.json'], cli, loader)).toBe(3)
    expect(err.at(-1)).toContain('other.json is not valid JSON')
  })

  it('usage problems exit 2', async () => {
    const { cli, err } = io()
    expect(await planCommand(['--json', '--markdown'], cli, loader)).toBe(2)
    expect(await planCommand(['--depth', 'deep'], cli, loader)).toBe(2)
    expect(err).toHaveLength(2)
  })
})
