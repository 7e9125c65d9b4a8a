// The verdict is right in every kind of run: focused runs pass with a partial notice, broken
// runs never pass, an interrupted run never leaves an earlier pass on disk, write commands
// refuse runs that do not speak for the suite, and CI tools that read JUnit see the misses.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LlmReport, reportSchema } from 'vitest-llm'
import { type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { fixture, root, runCli, runNode, runVitest } from '../helpers/run-vitest.js'

let fake: FakeLlm
beforeAll(async () => {
  fake = await startFakeLlm([
    { match: 'server error', reply: { status: 500 } },
    { match: 'slow', reply: { content: 'late', latencyMs: 60_000 } },
    { match: 'Peru', reply: 'I do not know' },
    { match: () => true, reply: req => ({ France: 'Paris', Spain: 'Madrid', Italy: 'Rome' } as Record<string, string>)[req.lastUserMessage.split(' ').at(-1)!] ?? '?' },
  ])
})
afterAll(() => fake.close())

const GATE = { goldenPassRate: 0.7 }

async function run(args: string[], env: Record<string, string> = {}, dir?: string) {
  const out = dir ?? await mkdtemp(join(tmpdir(), 'vitest-llm-integrity-'))
  const reportFile = join(out, 'report.json')
  const result = await runVitest('integrity', args, { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', GATE_JSON: JSON.stringify(GATE), REPORT_JSON: reportFile, REPORT_JUNIT: join(out, 'junit.xml'), ...env })
  const text = await readFile(reportFile, 'utf8').catch(() => undefined)
  return { ...result, dir: out, reportFile, report: text === undefined ? undefined : reportSchema.parse(JSON.parse(text)) as LlmReport }
}

describe('focused runs are partial, not broken', () => {
  it('a file filter on a plain test exits 0 with a partial-run notice; thresholds without data are not measured', async () => {
    const focused = await run(['util.test.ts'])
    expect(focused.code, focused.output).toBe(0)
    expect(focused.output).toContain('gate passed — partial run (file filter util.test.ts: 1 of 2 test files)')
    expect(focused.output).toContain('golden cases: 0 judged, at least 1 required (not measured in this partial run)')
    expect(focused.report!.run).toMatchObject({ kind: 'partial', partial: ['file filter util.test.ts: 1 of 2 test files'] })
    expect(focused.report!.gate).toMatchObject({ passed: true, mode: 'auto', failures: [] })
    expect(focused.report!.gate.notMeasured!.map(f => f.metric)).toEqual(['golden.cases'])

    // CI can insist: `always` fails a partial run closed, like a full one.
    const insisted = await run(['util.test.ts'], { VITEST_LLM_GATE: 'always' })
    expect(insisted.code).toBe(1)
    expect(insisted.output).toContain('ERROR: vitest-llm gate: golden cases: 0 judged, at least 1 required (the gate fails closed without data)')
  })

  it('-t runs only matching tests: partial, and the thresholds with data still apply', async () => {
    const named = await run(['-t', 'spain|peru'])
    // spain passes, peru misses: 50% < 70%, measured on what ran, so it fails.
    expect(named.report!.run).toMatchObject({ kind: 'partial', partial: ['-t spain|peru'] })
    expect(named.report!.metrics.golden).toMatchObject({ cases: 2, passed: 1, failed: 1 })
    expect(named.code).toBe(1)
    expect(named.output).toContain('ERROR: vitest-llm gate: golden pass rate 50.0% < 70.0%')
    const one = await run(['-t', 'spain'])
    expect(one.code).toBe(0)
    expect(one.output).toContain('gate passed — partial run (-t spain)')
  })

  it('--exclude on the command line, and a run in which no test file ran, are partial', async () => {
    // Vitest applies `--exclude` to its own glob: only the option itself says files were left out.
    const excluded = await run(['--exclude', 'util.test.ts'])
    expect(excluded.report!.run).toMatchObject({ kind: 'partial', partial: ['--exclude util.test.ts'] })
    const none = await run(['no-such-file'])
    expect(none.code).toBe(1)
    expect(none.report!.run.kind).toBe('partial')
    expect(none.report!.run.partial).toContain('no test files ran')
  })

  it('narrowing inside the files that ran is partial: a line filter, and an editor running chosen tests by name or id', async () => {
    // Both files run, so no count of files can tell: only the line filter says what was left out.
    const located = await run(['util.test.ts:3', 'answers.llm.test.ts', '--includeTaskLocation'])
    expect(located.report!.run).toMatchObject({ kind: 'partial', partial: ['tests selected by line (util.test.ts:3)'] })
    expect(located.report!.metrics.golden.cases).toBe(4)
    for (const [how, partial] of [['name', 'tests named spain'], ['id', 'tests selected by id (an editor or the API)']]) {
      const out = await mkdtemp(join(tmpdir(), 'vitest-llm-integrity-api-'))
      const api = await runNode([join(root, 'test/helpers/run-by-api.mjs'), 'answers.llm.test.ts', how!, 'spain'], { cwd: fixture('integrity'), env: { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', GATE_JSON: JSON.stringify(GATE), REPORT_JSON: join(out, 'report.json') } })
      const report = reportSchema.parse(JSON.parse(await readFile(join(out, 'report.json'), 'utf8')))
      expect(report.run, api.output).toMatchObject({ kind: 'partial', partial: ['a selection of files: 1 of 2 test files', partial] })
      expect(report.cases.map(c => c.id)).toEqual(['spain'])
    }
  })

  it('--last-failed runs what failed last time: partial', async () => {
    // Without a gate, peru's miss fails its test; `--last-failed` then runs that test alone.
    const first = await run([], { GATE_JSON: '' })
    expect(first.code).toBe(1)
    const again = await run(['--last-failed'], { GATE_JSON: '' })
    expect(again.report!.run).toMatchObject({ kind: 'partial', partial: ['--last-failed: 1 of 2 test files'] })
    expect(again.report!.cases.map(c => c.id)).toEqual(['peru'])
  })

  it('--dir on the command line is partial when it leaves test files out, full when it does not', async () => {
    const nested = await run(['--dir', 'nested'], { NESTED: '1' })
    expect(nested.report!.run).toMatchObject({ kind: 'partial', partial: ['--dir nested: 2 test files outside it'] })
    expect(nested.output).toContain('partial run (--dir nested: 2 test files outside it)')
    const whole = await run(['--dir', '.'], { NESTED: '1' })
    expect(whole.code, whole.output).toBe(0)
    expect(whole.report!.run.kind).toBe('full')
    expect(whole.report!.metrics.golden.cases).toBe(4)
  })

  it('`.only` makes a run partial, by the user\'s choice', async () => {
    // Vitest refuses `.only` when CI is set (allowOnly): run as on a developer's machine.
    const focused = await run([], { FOCUSED: '1', CI: '' })
    expect(focused.report!.run).toMatchObject({ kind: 'partial', partial: ['.only'] })
    expect(focused.output).toContain('partial run (.only)')
  })

  it('a full run is full; `enforce: never` reports a failing gate without failing the process', async () => {
    const full = await run([])
    expect(full.report!.run.kind).toBe('full')
    expect(full.code).toBe(0)
    const strict = await run([], { GATE_JSON: JSON.stringify({ goldenPassRate: 0.9 }) })
    expect(strict.code).toBe(1)
    const never = await run([], { GATE_JSON: JSON.stringify({ goldenPassRate: 0.9, enforce: 'never' }) })
    expect(never.code).toBe(0)
    expect(never.report).toMatchObject({ passed: false, run: { gateEnforced: false }, gate: { mode: 'never' } })
    expect(never.output).toContain('gate failed (gate.enforce: never — reported, not enforced)')
  })
})

describe('a broken run never passes', () => {
  it('a malformed golden file, a file that fails to import and a swallowed 500 (in a plain test and in a golden task) are each counted as errors', async () => {
    const broken = await run([], { BROKEN: '1' })
    expect(broken.code).toBe(1)
    const report = broken.report!
    expect(report.passed).toBe(false)
    const errors = report.cases.filter(c => c.verdict === 'error')
    expect(errors.map(c => [c.kind, c.file, c.check])).toEqual(expect.arrayContaining([
      ['file', 'broken/import-error.test.ts', 'load'],
      ['file', 'broken/malformed-golden.llm.test.ts', 'load'],
      ['test', 'broken/server-error.llm.test.ts', 'test'],
      ['file', 'broken/hook-error.test.ts', 'hook'],
      ['golden', 'broken/golden-fallback.llm.test.ts', 'contains'],
    ]))
    expect(errors.find(c => c.check === 'hook')!.reason).toContain('the database did not start')
    expect(errors.find(c => c.file === 'broken/import-error.test.ts')!.reason).toContain('this file does not load')
    expect(errors.find(c => c.check === 'load' && c.kind === 'file' && c.file.includes('malformed'))!.reason).toContain('golden/malformed.jsonl:2')
    expect(errors.find(c => c.kind === 'test')!.reason).toMatch(/HTTP 500/)
    // The golden task's fallback passed its check; the call behind it failed for good.
    expect(errors.find(c => c.kind === 'golden')).toMatchObject({ id: 'outage', output: 'a fallback answer', reason: expect.stringMatching(/^a model call failed \(and was caught\): .*HTTP 500/) })
    expect(report.metrics.errors).toBe(5)
    expect(broken.output).toMatch(new RegExp(`errors\\s+5\\s+of ${report.metrics.cases} cases`))
    expect(report.gate.failures.map(f => f.metric)).toContain('errorRate')

    const reported = await runCli(['report', broken.reportFile], root)
    expect(reported.code).toBe(1)
    expect(reported.stderr).toContain('did not pass: errors: 5 of')
    const saved = await runCli(['baseline', 'save', '--from', broken.reportFile, '--to', join(broken.dir, 'baseline.json')], root)
    expect(saved.code).toBe(1)
    expect(saved.stderr).toContain('its gate failed')
  })

  it('without a gate, a run with errors still does not report `passed`', async () => {
    const broken = await run([], { BROKEN: '1', GATE_JSON: '' })
    expect(broken.report!.passed).toBe(false)
    expect(broken.report!.gate.failures.map(f => f.metric)).toEqual(['errors'])
  })
})

describe('the report on disk always describes the latest run', () => {
  it('a run stopped by SIGTERM replaces an earlier passing report with an interrupted one', async () => {
    const first = await run([])
    expect(first.report!.passed).toBe(true)
    const reportFile = first.reportFile
    // Start a run whose slow test waits on the model, then stop it as CI or Ctrl-C would.
    const env: NodeJS.ProcessEnv = { ...process.env, OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k', GATE_JSON: JSON.stringify(GATE), REPORT_JSON: reportFile, SLOW: '1', NO_COLOR: '1', CI: 'true' }
    for (const key of Object.keys(env)) if (/^(VITEST|VITEST_.*|TEST|NODE_ENV)$/.test(key)) delete env[key]
    const child = spawn(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run'], { cwd: fixture('integrity'), env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => { output += chunk })
    child.stderr.on('data', (chunk: Buffer) => { output += chunk })
    // The report is `running` as soon as the run starts: no earlier verdict survives even a kill.
    await waitFor(async () => (JSON.parse(await readFile(reportFile, 'utf8')) as LlmReport).run.kind === 'running')
    await waitFor(async () => fake.requests.some(r => JSON.stringify(r.body).includes('slow question')))
    child.kill('SIGTERM')
    await new Promise(resolve => child.once('close', resolve))
    const after = JSON.parse(await readFile(reportFile, 'utf8')) as LlmReport
    expect(after.run.kind, output).toBe('interrupted')
    expect(after.passed).toBe(false)
    expect(after.gate.failures[0]!.message).toContain('interrupted (SIGTERM)')
    const reported = await runCli(['report', reportFile], root)
    expect(reported.code).toBe(1)
    expect(reported.stderr).toContain('the run was interrupted')
    const saved = await runCli(['baseline', 'save', '--from', reportFile, '--to', join(first.dir, 'b.json')], root)
    expect(saved.code).toBe(1)
    expect(saved.stderr).toContain('it is from an interrupted run')
  }, 90_000)

  it('a report left `running` (the process was killed) is never read as passing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-running-'))
    const first = await run([], {}, dir)
    const running = { ...first.report!, passed: true, run: { ...first.report!.run, kind: 'running' } }
    await writeFile(first.reportFile, JSON.stringify(running))
    const reported = await runCli(['report', first.reportFile], root)
    expect(reported.code).toBe(1)
    expect(reported.stderr).toContain('still in progress, or was killed')
  })
})

describe('every CI sees the verdict, and the report explains it', () => {
  it('JUnit shows a soft miss as a failure and each gate rule as a testcase; each case carries its evidence', async () => {
    const result = await run([], { GATE_JSON: JSON.stringify({ goldenPassRate: 0.9 }) })
    expect(result.code).toBe(1)
    const junit = await readFile(join(result.dir, 'junit.xml'), 'utf8')
    expect(junit).toMatch(/<testsuites name="vitest-llm" tests="6" failures="2" errors="0">/)
    expect(junit).toContain('<testcase classname="answers.llm.test.ts" name="answers › peru"')
    expect(junit).toContain('<failure message="missing &quot;Lima&quot;" type="miss">input: capital of Peru\nexpected: \noutput: I do not know</failure>'.replace('expected: \n', ''))
    expect(junit).toMatch(/<testcase classname="vitest-llm gate" name="golden pass rate">\s*<failure message="golden pass rate 75\.0% &lt; 90\.0%/)
    const peru = result.report!.cases.find(c => c.id === 'peru')!
    expect(peru).toMatchObject({ verdict: 'fail', kind: 'golden', check: 'contains', input: 'capital of Peru', output: 'I do not know', tags: ['geo', 'hard'], source: 'golden/answers.jsonl:4', usage: { requests: 1, cached: 0 }, cached: false })
    expect(peru.latencyMs).toBeGreaterThanOrEqual(0)
    for (const c of result.report!.cases) expect(c.output, c.id).toBeTypeOf('string')
  })
})

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const started = Date.now()
  while (Date.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error('timed out waiting')
}
