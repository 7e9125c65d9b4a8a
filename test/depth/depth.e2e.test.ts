// Change-aware depth on the real vitest: a project with two prompt configs, a RAG folder, two
// golden sets and a trials test is run once in full and accepted as the baseline; then each
// change type of the table is made to a copy, and `vitest-llm plan` and a run with
// `depth: 'auto'` must pick the expected depth per suite — and an unchanged tree runs at smoke.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LlmReport } from 'vitest-llm'
import { fakeJudge, type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { fixture, root, runCli, runNode } from '../helpers/run-vitest.js'

const CONFIG = `import { defineConfig } from 'vitest/config'
import llm from 'vitest-llm/plugin'

export default defineConfig({
  plugins: [llm({
    provider: { model: 'gpt-4o-mini' },
    cache: { mode: 'off' },
    retries: 0,
    depth: { level: 'full', inputs: { rag: ['docs/**/*.md'] }, smokeSample: 1 },
  })],
  test: { include: ['*.llm.test.ts'] },
})
`
const ANSWERS = `import { complete, golden } from 'vitest-llm'

golden('answers', { files: 'golden/answers.jsonl', uses: { prompts: ['support-answer'], rag: true }, task: example => complete(String(example.input)) })
`
const LABELS = `import { complete, golden, trials } from 'vitest-llm'

golden('labels', { files: 'golden/labels.yaml', uses: ['classify'], task: example => complete(JSON.stringify(example.input)) })

trials('classifies billing', { runs: 29, passRate: 0.9, uses: ['classify'] }, async ({ expect }) => {
  expect((await complete('{"message":"I was charged twice"}')).text).toBe('billing')
})
`

let fake: FakeLlm
beforeAll(async () => {
  fake = await startFakeLlm([
    fakeJudge({ score: ({ criteria }) => Object.fromEntries(criteria.map(c => [c, 5])) }),
    { match: 'charged', reply: 'billing' },
    { match: 'parcel', reply: 'shipping' },
    { match: 'refund', reply: 'Refunds take 5 business days.' },
    { match: 'ship', reply: 'Orders ship within 2 business days.' },
    { match: () => true, reply: 'Express costs 15 euros.' },
  ])
})
// Copies live under test/fixtures/ (git-ignored `.tmp-*`) so that `vitest-llm` resolves as installed.
const made: string[] = []
afterAll(async () => {
  await fake.close()
  await Promise.all(made.map(dir => rm(dir, { recursive: true, force: true })))
})

/** A fresh copy of the fixture with its test files, accepted as the baseline after a full run. */
async function acceptedProject(): Promise<string> {
  const dir = await mkdtemp(join(root, 'test', 'fixtures', '.tmp-depth-'))
  made.push(dir)
  await cp(fixture('depth'), dir, { recursive: true })
  await writeFile(join(dir, 'vitest.config.ts'), CONFIG)
  await writeFile(join(dir, 'answers.llm.test.ts'), ANSWERS)
  await writeFile(join(dir, 'labels.llm.test.ts'), LABELS)
  const full = await vitest(dir)
  expect(full.code, full.output).toBe(0)
  expect(full.report.run).toMatchObject({ kind: 'full', depth: { mode: 'fixed', level: 'full' } })
  const saved = await runCli(['baseline', 'save'], dir)
  expect(saved.code, saved.output).toBe(0)
  const baseline = JSON.parse(await readFile(join(dir, 'llm-baseline.json'), 'utf8')) as { fingerprints?: unknown, suites?: Record<string, unknown> }
  expect(baseline.fingerprints).toBeDefined()
  expect(Object.keys(baseline.suites ?? {}).sort()).toEqual([' › classifies billing', 'answers', 'labels'])
  return dir
}

async function vitest(dir: string, env: Record<string, string> = {}) {
  const run = await runNode([join(root, 'node_modules/vitest/vitest.mjs'), 'run'], { cwd: dir, env: { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', VITEST: '', ...env } })
  const report = JSON.parse(await readFile(join(dir, '.vitest/llm-report.json'), 'utf8')) as LlmReport
  return { ...run, report }
}

async function plan(dir: string) {
  // The config runs at `full`; `--depth auto` previews what change-aware depth would run.
  const run = await runCli(['plan', '--json', '--depth', 'auto'], dir)
  expect(run.code, run.output).toBe(0)
  const parsed = JSON.parse(run.stdout) as { depth: { level: string }, changes: Array<{ type: string }>, suites: Array<{ suite: string, level: string }> }
  return { ...parsed, levels: Object.fromEntries(parsed.suites.map(s => [s.suite, s.level])) }
}

async function edit(dir: string, file: string, from: string | RegExp, to: string) {
  const text = await readFile(join(dir, file), 'utf8')
  const next = text.replace(from, to)
  expect(next, `${file} should change`).not.toBe(text)
  await writeFile(join(dir, file), next)
}

describe('change-aware depth', () => {
  let accepted: string
  beforeAll(async () => {
    accepted = await acceptedProject()
  }, 120_000)

  const copy = async () => {
    const dir = await mkdtemp(join(root, 'test', 'fixtures', '.tmp-depth-change-'))
    made.push(dir)
    await cp(accepted, dir, { recursive: true })
    return dir
  }

  it('an unchanged tree runs at smoke: one example per set, no trials, reported as partial by depth', async () => {
    const dir = await copy()
    expect((await plan(dir)).levels).toEqual({ 'answers': 'smoke', 'labels': 'smoke', ' › classifies billing': 'smoke' })
    const auto = await vitest(dir, { VITEST_LLM_DEPTH: 'auto' })
    expect(auto.code, auto.output).toBe(0)
    expect(auto.report.run).toMatchObject({ kind: 'partial', depth: { mode: 'auto', level: 'smoke', known: true } })
    expect(auto.report.run.depth!.suites!.answers!.ran).toMatchObject({ level: 'smoke', selected: 1, skipped: 2 })
    expect(auto.report.run.depth!.suites![' › classifies billing']!.ran).toMatchObject({ level: 'smoke', selected: 0, skipped: 1 })
    expect(auto.report.metrics.trials).toEqual([])
    expect(auto.output).toMatch(/depth\s+smoke \(auto\)/)
  }, 120_000)

  it.each([
    ['system prompt', 'prompts/answer.prompt.yaml', 'Answer only from the context.', 'Answer only from the context, politely.', 'system-prompt', { answers: 'full', labels: 'smoke' }],
    ['prompt text', 'prompts/answer.prompt.yaml', 'Customer question: {{question}}', 'Question from a customer: {{question}}', 'prompt-text', { answers: 'regression', labels: 'smoke' }],
    ['model', 'prompts/classify.prompt.yaml', 'model: gpt-4o-mini', 'model: gpt-4.1-mini', 'model', { answers: 'smoke', labels: 'comprehensive' }],
    ['params', 'prompts/classify.prompt.yaml', 'max_tokens: 20', 'max_tokens: 30', 'params', { answers: 'smoke', labels: 'sampled' }],
    ['RAG index', 'docs/refunds.md', /$/, '\nRefunds to a gift card are instant.\n', 'rag', { answers: 'regression', labels: 'smoke' }],
  ] as const)('a %s change', async (_, file, from, to, type, levels) => {
    const dir = await copy()
    await edit(dir, file, from, to)
    const planned = await plan(dir)
    expect(planned.changes.map(c => c.type)).toEqual([type])
    expect(planned.levels).toMatchObject(levels)
  }, 60_000)

  it('a model change runs the touched trials at three times their budget; reformatting a config is no change', async () => {
    const dir = await copy()
    await edit(dir, 'prompts/answer.prompt.yaml', 'version: 1', 'version: 1\n# a comment and reformatting are not a change')
    expect((await plan(dir)).changes).toEqual([])
    await edit(dir, 'prompts/classify.prompt.yaml', 'model: gpt-4o-mini', 'model: gpt-4.1-mini')
    const auto = await vitest(dir, { VITEST_LLM_DEPTH: 'auto' })
    expect(auto.code, auto.output).toBe(0)
    expect(auto.report.run.depth).toMatchObject({ level: 'comprehensive' })
    expect(auto.report.run.depth!.suites![' › classifies billing']!.ran!.why).toContain('29 × 3 = 87 runs')
    expect(auto.report.run.depth!.suites!.answers!.ran).toMatchObject({ level: 'smoke' })
    expect(auto.report.run.kind).toBe('partial')
  }, 120_000)
})
