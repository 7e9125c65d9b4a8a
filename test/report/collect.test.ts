// What the report reads from each kind of test: golden examples, judged tests, trials, files
// that failed to load, tests that failed on our infrastructure, and tests that never touched us.
import type { TestCase, TestModule } from 'vitest/node'
import { describe, expect, it } from 'vitest'
import { collect } from '../../src/report/collect.js'
import type { CaseDepth, LlmCaseMeta } from '../../src/context/case-meta.js'

const depth: CaseDepth = { suite: 'support', level: 'full', why: 'the default level', record: { kind: 'golden', files: ['golden.jsonl'], examples: { total: 3, judged: 1 } } }

/** A module of fake Vitest tasks, with just what collect() reads. */
function fakeModule() {
  const module = { type: 'module', moduleId: '/root/tests/a.llm.test.ts', errors: () => [], task: {} } as Record<string, unknown>
  const suiteOf = (name: string, meta: object) => ({ type: 'suite', name, fullName: name, parent: module, options: { mode: 'run' }, errors: () => [], meta: () => meta })
  // A golden set's suite carries its depth, once for its examples (see recordDepth).
  const goldenSet = suiteOf('support', { llmDepth: depth })
  const other = suiteOf('other', {})
  const test = (name: string, llm: LlmCaseMeta | undefined, state = 'passed', errors: Array<{ message: string, code?: string }> = []) => {
    const suite = name.startsWith('q-') ? goldenSet : other
    return { type: 'test', name, fullName: `${suite.name} ${name}`, parent: suite, module, options: { mode: 'run' }, meta: () => (llm ? { llm } : {}), result: () => ({ state, errors }) } as unknown as TestCase
  }
  const tests = [
    test('q-1', { golden: { id: 'q-1', suite: 'support', source: 'golden.jsonl:1', verdict: 'pass', check: 'judge', scores: { accuracy: { score: 5, threshold: 4, reason: 'right' } }, input: 'in', output: 'out' }, usage: { app: { cached: 1 }, judge: { requests: 1, inputTokens: 10, outputTokens: 2, costUsd: 0.001 } } }),
    test('q-2', { golden: { id: 'q-2', suite: 'support', source: 'golden.jsonl:2', verdict: 'pass', check: 'contains', input: 'in', output: 'fallback' }, errors: ['HTTP 500 after 4 attempts'], usage: { app: { requests: 1, retries: 3 } } }),
    test('q-3', { skipped: 'sampled out (seed 1)' }),
    test('judged', { judgements: [{ verdict: 'fail', scores: { relevance: { score: 2, threshold: 4, reason: 'off topic' } }, model: 'judge-model' }] }, 'failed', [{ message: 'judge said no' }]),
    test('trials', { trials: { name: 't', runs: 10, passed: 9, errors: 0, passRate: 0.9, required: 0.8, confidence: 0.95, interval: [0.6, 0.99], verdict: 'inconclusive', stoppedEarly: false }, depth: { ...depth, suite: undefined } }),
    test('broken set', { failure: { kind: 'load', message: 'golden.jsonl:4: invalid JSON' } }),
    test('replay miss', undefined, 'failed', [{ message: 'cache miss in replay mode', code: 'E_CACHE' }]),
    test('plain', undefined),
  ]
  module.children = { allSuites: () => [goldenSet, other], allTests: () => tests }
  return module as unknown as TestModule
}

describe('collect', () => {
  it('adds up usage, scores, trials and skipped examples', () => {
    const collected = collect([fakeModule()], '/root')
    expect(collected.usage.judge).toMatchObject({ requests: 1, inputTokens: 10 })
    expect(collected.usage.app).toMatchObject({ requests: 1, cached: 1, retries: 3 })
    expect(collected.scores).toEqual({ accuracy: [5], relevance: [2] })
    expect(collected.trials).toHaveLength(1)
    expect(collected.skipped).toEqual([{ id: 'q-3', suite: 'support', file: 'tests/a.llm.test.ts', reason: 'sampled out (seed 1)' }])
    expect(collected.depthSuites.support!.ran).toEqual({ level: 'full', why: 'the default level', selected: 2, skipped: 1 })
  })

  it('reads what each kind of case says', () => {
    const { cases } = collect([fakeModule()], '/root')
    expect(cases.map(c => [c.id, c.kind, c.verdict])).toEqual([
      ['q-1', 'golden', 'pass'],
      ['q-2', 'golden', 'error'], // a failed call makes its case an error, whatever the task answered
      ['other judged', 'judge', 'fail'],
      ['other trials', 'trials', 'fail'],
      ['broken set', 'file', 'error'],
      ['other replay miss', 'test', 'error'],
    ])
  })

  it('makes each example a test checked its own case, the test\'s usage on the first', () => {
    const example = (id: string, verdict: 'pass' | 'fail') => ({ id, suite: 'loop', source: `golden.jsonl:${id}`, verdict, check: 'contains' as const, input: id, output: 'out' })
    const module = fakeModule()
    const loop = { golden: example('a', 'fail'), otherGolden: [example('b', 'pass'), example('c', 'pass')], usage: { app: { cached: 3 } } }
    const tests = module.children.allTests() as unknown as Array<Record<string, unknown>>
    const template = tests.at(-1)!
    const extra = [
      { ...template, name: 'loop', fullName: 'other loop', meta: () => ({ llm: loop }) },
      { ...template, name: 'loop with a failed call', fullName: 'other loop with a failed call', meta: () => ({ llm: { ...loop, errors: ['HTTP 500 after 4 attempts'] } }) },
    ]
    ;(module.children as unknown as { allTests: () => unknown[] }).allTests = () => extra
    const { cases, usage } = collect([module], '/root')
    expect(cases.map(c => [c.id, c.verdict, c.usage!.cached])).toEqual([
      ['a', 'fail', 3], ['b', 'pass', 0], ['c', 'pass', 0],
      // Which example the failed call was for is unknown: none of them was measured.
      ['a', 'error', 3], ['b', 'error', 0], ['c', 'error', 0],
    ])
    expect(usage.app.cached).toBe(6)
  })

  it('reads every judgement of a test, and a judgement under .not by its assertion only', () => {
    const module = fakeModule()
    const template = (module.children.allTests() as unknown as Array<Record<string, unknown>>).at(-1)!
    const judged = (name: string, judgements: LlmCaseMeta['judgements']) => ({ ...template, name, fullName: name, meta: () => ({ llm: { judgements } }) })
    const score = (value: number, threshold = 4) => ({ score: value, threshold, reason: `r${value}` })
    ;(module.children as unknown as { allTests: () => unknown[] }).allTests = () => [
      judged('two', [
        { verdict: 'pass', model: 'm', scores: { relevance: score(5), accuracy: score(5) } },
        { verdict: 'fail', model: 'm', scores: { accuracy: score(2), helpfulness: score(3, 3) } },
      ]),
      judged('negative', [{ verdict: 'pass', model: 'm', scores: { accuracy: score(1) }, negated: true }]),
      judged('negative that passed the judge', [{ verdict: 'fail', model: 'm', scores: { accuracy: score(5) }, negated: true }]),
    ]
    const { cases, scores } = collect([module], '/root')
    expect(cases.map(c => [c.id, c.verdict, c.scores])).toEqual([
      ['two', 'fail', { relevance: 5, accuracy: 3.5, helpfulness: 3 }],
      ['negative', 'pass', undefined],
      ['negative that passed the judge', 'fail', undefined],
    ])
    expect(cases[0]!.reason).toBe('accuracy 2/5 < 4: r2')
    expect(cases[2]!.reason).toMatch(/expected not to pass the judge, but it did: accuracy 5\/5/)
    // A deliberately bad output's scores are not the app's quality.
    expect(scores).toEqual({ relevance: [5], accuracy: [5, 2], helpfulness: [3] })
  })
})
