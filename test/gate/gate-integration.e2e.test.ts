import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type LlmReport, reportSchema } from 'vitest-llm'
import { fakeJudge, type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { fixture, runCli, runVitest } from '../helpers/run-vitest.js'

// What the fake model does, set per test: which cases answer badly or fail, and the judge's scores.
let failing = new Set<string>()
let erroring = new Set<string>()
let relevance = 5
let fake: FakeLlm

beforeAll(async () => {
  fake = await startFakeLlm([
    fakeJudge({ score: ({ criteria }) => Object.fromEntries(criteria.map(c => [c, c === 'relevance' ? relevance : 5])) }),
    { match: () => true, reply: (req) => {
      const id = req.lastUserMessage
      if (erroring.has(id)) return { status: 500 }
      return { content: failing.has(id) ? 'bad' : 'good', usage: { prompt_tokens: 1000, completion_tokens: 100 } }
    } },
  ])
})
afterAll(() => fake.close())
beforeEach(() => {
  failing = new Set()
  erroring = new Set()
  relevance = 5
})

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `case-${String(from + i).padStart(3, '0')}`)

async function gateRun(files: string[], gate: object | undefined, args: string[] = [], env: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-gate-'))
  const reportFile = join(dir, 'report.json')
  // These runs pick fixture files by filter, which makes them partial runs: `always` gates them
  // like full runs (the partial-run rules have their own tests).
  const run = await runVitest('gate', [...files, ...args], { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', GATE_JSON: gate ? JSON.stringify(gate) : '', REPORT_JSON: reportFile, VITEST_LLM_GATE: 'always', ...env })
  const report = await readFile(reportFile, 'utf8').then(text => JSON.parse(text) as LlmReport, () => undefined)
  return { ...run, report, dir, reportFile }
}

describe('the gate on the whole run', () => {
  it('passes at 96/100 golden with goldenPassRate 0.95 and fails at 94/100', async () => {
    failing = new Set(ids(0, 4))
    const pass = await gateRun(['cases'], { goldenPassRate: 0.95 })
    expect(pass.code).toBe(0)
    expect(pass.report!.metrics.golden).toMatchObject({ cases: 100, passed: 96, failed: 4, errors: 0, passRate: 0.96 })
    expect(pass.report!.gate).toMatchObject({ passed: true, mode: 'always', failures: [], thresholds: { goldenPassRate: 0.95 } })
    expect(pass.report!.gate.notMeasured).toBeUndefined()
    expect(pass.output).toContain('LLM  gate passed')
    expect(pass.output).toMatch(/✓ golden\s+96\.0% {2}96\/100 passed, CI 90\.2%–98\.4%/)

    failing = new Set(ids(0, 6))
    const fail = await gateRun(['cases'], { goldenPassRate: 0.95 })
    expect(fail.code).toBe(1)
    // All 100 tests pass (misses are left to the gate); the gate alone fails the run.
    expect(fail.output).toMatch(/Tests\s+100 passed/)
    expect(fail.output).toContain('LLM  gate failed')
    expect(fail.output).toContain('✗ golden pass rate 94.0% < 95.0% — 94/100 passed, 95% CI 87.5%–97.2%')
    expect(fail.report!.gate.failures).toEqual([{ metric: 'golden.passRate', actual: 0.94, threshold: 0.95, message: expect.stringContaining('golden pass rate 94.0% < 95.0%') }])
    expect(fail.output).toContain('fail  cases › case-000 — missing "good"')
  })

  it('bound: lower gates on the lower confidence bound', async () => {
    failing = new Set(ids(0, 4))
    const run = await gateRun(['cases'], { goldenPassRate: 0.95, bound: 'lower' })
    expect(run.code).toBe(1)
    expect(run.output).toContain('✗ golden pass rate lower bound 90.2% (rate 96.0%) < 95.0%')
  })

  it('per-criterion score thresholds, point and lower bound', async () => {
    relevance = 4
    const ok = await gateRun(['scored'], { scores: { relevance: 4, accuracy: 4.5 } })
    expect(ok.code).toBe(0)
    expect(ok.report!.metrics.scores.relevance).toMatchObject({ n: 10, mean: 4 })
    relevance = 3
    const low = await gateRun(['scored'], { scores: { relevance: 4 } })
    expect(low.code).toBe(1)
    expect(low.output).toContain('✗ relevance mean 3.00 < 4 — n=10')
    const missing = await gateRun(['scored'], { scores: { helpfulness: 3.5 } })
    expect(missing.code).toBe(1)
    expect(missing.output).toContain('helpfulness: no scores in this run, at least 3.5 required (the gate fails closed without data)')
  })

  it('counts infrastructure errors apart from quality misses', async () => {
    failing = new Set(ids(0, 2))
    erroring = new Set(ids(2, 5))
    const run = await gateRun(['cases'], { goldenPassRate: 0.9 })
    expect(run.code).toBe(1)
    expect(run.report!.metrics.golden).toMatchObject({ passed: 95, failed: 2, errors: 3 })
    expect(run.report!.metrics.errors).toBe(3)
    expect(run.report!.gate.failures.map(f => f.metric)).toEqual(['errorRate'])
    expect(run.output).toContain('errors: 3 of 100 cases (3.0%) > 0.0% allowed — infrastructure errors (timeouts, judge failures, task errors), not quality misses')
    const tolerant = await gateRun(['cases'], { goldenPassRate: 0.9, maxErrorRate: 0.05 })
    expect(tolerant.report!.gate.passed).toBe(true)
    // The erroring tests still fail on their own: an error is never a pass.
    expect(tolerant.code).toBe(1)
    expect(tolerant.output).toMatch(/Tests\s+3 failed \| 97 passed/)
  })

  it('reports an interrupted run (--bail) as such and never gates it as passing', async () => {
    erroring = new Set(ids(3, 4))
    const run = await gateRun(['cases'], { goldenPassRate: 0.5, maxErrorRate: 1 }, ['--bail=1'])
    expect(run.code).toBe(1)
    expect(run.report!.run.reason).toBe('interrupted')
    expect(run.report!.gate.failures.map(f => f.metric)).toEqual(['run'])
    expect(run.output).toContain('LLM  run interrupted: not gated as passing')
  })

  it('fails closed with zero golden cases', async () => {
    const run = await gateRun(['plain'], { goldenPassRate: 0.95 })
    expect(run.code).toBe(1)
    expect(run.output).toContain('golden cases: 0 judged, at least 1 required (the gate fails closed without data)')
  })

  it('enforces a cost budget', async () => {
    // 100 calls × (1,000 in × $0.15/M + 100 out × $0.60/M) = $0.021
    const run = await gateRun(['cases'], { maxCostUsd: 0.01 })
    expect(run.code).toBe(1)
    expect(run.report!.metrics.usage.costUsd).toBeCloseTo(0.021, 10)
    expect(run.output).toContain('cost $0.0210 > budget $0.01')
    expect((await gateRun(['cases'], { maxCostUsd: 0.05 })).code).toBe(0)
  })

  it('writes a report that validates against the exported schema, and Markdown with the same numbers', async () => {
    failing = new Set(ids(0, 3))
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-md-'))
    const summary = join(dir, 'step-summary.md')
    await writeFile(summary, '# earlier step\n')
    const run = await gateRun(['cases', 'scored'], { goldenPassRate: 0.95 }, [], { REPORT_MD: join(dir, 'llm.md'), GITHUB_STEP_SUMMARY: summary })
    const report = reportSchema.parse(run.report)
    expect(report.cases).toHaveLength(110)
    expect(report.cases.find(c => c.id === 'case-000')).toMatchObject({ id: 'case-000', suite: 'cases', file: 'cases.llm.test.ts', verdict: 'fail', kind: 'golden', check: 'contains', reason: 'missing "good"', weight: 1, output: 'bad' })
    const markdown = await readFile(join(dir, 'llm.md'), 'utf8')
    expect(markdown).toContain('## vitest-llm: ✅ gate passed')
    expect(markdown).toContain('| golden pass rate | 97.3% (107/110) | 92.3%–99.1% | 110 |')
    expect(markdown).toContain('| relevance | 5.00 / 5 |')
    expect(await readFile(summary, 'utf8')).toBe(`# earlier step\n${markdown}\n`)
    const cli = await runCli(['report', run.reportFile, '--markdown'], fixture('gate'))
    expect(cli.code).toBe(0)
    expect(cli.stdout).toBe(`${markdown}\n`)
  })

  it('leaves the other reporters working', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-reporters-'))
    const run = await gateRun(['plain', 'cases'], { goldenPassRate: 0.95 }, ['--reporter=default', '--reporter=junit', '--reporter=json', `--outputFile.junit=${dir}/junit.xml`, `--outputFile.json=${dir}/results.json`])
    expect(run.code).toBe(0)
    expect(run.output).toMatch(/Tests\s+101 passed/)
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toContain('tests="101"')
    expect(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')).numPassedTests).toBe(101)
    expect(run.output).toContain('LLM  gate passed')
  })
})

describe('regression against a committed baseline', () => {
  it('an unchanged rerun passes; 8 newly failing examples are flagged with the McNemar p-value; new and missing cases are listed', async () => {
    failing = new Set(ids(0, 2))
    const first = await gateRun(['cases'], undefined)
    const baseline = join(first.dir, 'baseline.json')
    // The run picked one file: a partial run is refused as a baseline unless forced.
    const refused = await runCli(['baseline', 'save', '--from', first.reportFile, '--to', baseline], fixture('gate'))
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('it is from a partial run (file filter cases: 1 of 3 test files)')
    const saved = await runCli(['baseline', 'save', '--from', first.reportFile, '--to', baseline, '--force'], fixture('gate'))
    expect(saved.code).toBe(0)
    expect(saved.stdout).toContain('cases, 0 prompt configs, golden pass rate 98.0%')

    // A golden gate makes misses soft, so the exit code is the gate's alone.
    const gate = { goldenPassRate: 0.5, baseline: { file: baseline, alpha: 0.05 } }
    const same = await gateRun(['cases'], gate)
    expect(same.report!.gate.failures).toEqual([])
    expect(same.code).toBe(0)
    expect(same.report!.regression).toMatchObject({ regressed: false, golden: { paired: 100, worsened: 0, improved: 0 }, newCases: [], missingCases: [] })

    failing = new Set(ids(0, 10))
    const worse = await gateRun(['cases'], gate)
    expect(worse.code).toBe(1)
    // McNemar mid-p with 8 worsened, 0 improved: P(X > 8) + ½ P(X = 8), X ~ Bin(8, ½) = 0.00195
    expect(worse.report!.regression!.golden).toMatchObject({ worsened: 8, improved: 0, regressed: true })
    expect(worse.report!.regression!.golden!.pValue).toBeCloseTo(0.001953125, 9)
    expect(worse.output).toContain('regression vs ')
    expect(worse.output).toContain('8 examples newly failing, 0 newly passing (pass rate 98.0% → 90.0% on 100 paired examples); McNemar mid-p = 0.00195 < α 0.05')

    const moved = await gateRun(['cases', 'scored'], gate, ['-t', 'case-0[0-8]'])
    expect(moved.report!.regression!.newCases).toEqual([])
    expect(moved.report!.regression!.missingCases).toEqual(ids(90, 100).map(id => `cases › ${id}`))
    const extra = await gateRun(['cases', 'scored'], gate)
    expect(extra.report!.regression!.newCases).toEqual(Array.from({ length: 10 }, (_, i) => `scored › scored-${i}`))
  })

  it('fails closed when the baseline file is missing', async () => {
    const run = await gateRun(['cases'], { baseline: { file: 'no-such-baseline.json' } })
    expect(run.code).toBe(1)
    expect(run.output).toContain('baseline no-such-baseline.json cannot be read (ENOENT); create it with `vitest-llm baseline save --to')
  })
})
