import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type LlmReport, reportSchema } from 'vitest-llm'
import { root, runNode } from '../helpers/run-vitest.js'

const example = join(root, 'examples', 'support-bot')
const offline = { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, VITEST_LLM_CACHE: undefined }

async function runExample(env: Record<string, string | undefined> = {}) {
  const run = await runNode([join(example, 'run.mjs')], { cwd: root, env: { ...offline, ...env }, timeoutMs: 120_000 })
  const report = reportSchema.parse(JSON.parse(await readFile(join(example, '.vitest', 'llm-report.json'), 'utf8'))) as LlmReport
  return { ...run, report }
}

describe('examples/support-bot (npm run example)', () => {
  it('passes the seed\'s gate offline with the good prompt, saying plainly that the model is scripted', async () => {
    const { code, output, report } = await runExample()
    expect(output).toContain('running against vitest-llm/fake with a SCRIPTED support model and judge')
    expect(code).toBe(0)
    expect(report.gate).toMatchObject({ passed: true, mode: 'auto', failures: [] })
    expect(report.run.kind).toBe('full')
    expect(report.metrics.golden).toMatchObject({ cases: 46, passed: 45, failed: 1, errors: 0 })
    expect(report.metrics.scores.relevance!.mean).toBeGreaterThanOrEqual(4)
    expect(report.metrics.trials[0]).toMatchObject({ verdict: 'pass', stoppedEarly: true })
    expect(report.regression).toMatchObject({ regressed: false, newCases: [], missingCases: [] })
    expect(output).toContain('LLM  gate passed')
  }, 120_000)

  it('fails the gate with the worse prompt, flagging the regression against the committed baseline', async () => {
    const { code, output, report } = await runExample({ SUPPORT_PROMPT: 'worse' })
    expect(code).toBe(1)
    expect(report.gate.passed).toBe(false)
    expect(report.gate.failures.map(f => f.metric)).toEqual(['golden.passRate', 'regression.golden'])
    expect(report.regression!.golden!.worsened).toBeGreaterThanOrEqual(10)
    expect(report.regression!.golden!.pValue).toBeLessThan(0.001)
    expect(report.metrics.trials[0]!.verdict).toBe('fail')
    expect(output).toMatch(/regression vs llm-baseline\.json: \d+ examples newly failing/)
  }, 120_000)
})
