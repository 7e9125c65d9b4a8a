import { describe, expect, it } from 'vitest'
import { detectChanges } from '../../src/depth/changes.js'
import { resolveDepthOptions } from '../../src/config/depth-options.js'
import { takeFingerprints, type FingerprintInputs } from '../../src/depth/fingerprints.js'
import type { DepthLevel } from '../../src/config/depth-levels.js'
import { decideDepth, DEFAULT_POLICY, levelForSuite, resolvePolicy, type SuiteDepthInfo } from '../../src/depth/policy.js'
import { fixtureCopy } from './fixture.js'

const judge = { model: 'gpt-4o-mini', temperature: 0, criteria: {} }
const inputs: FingerprintInputs = { rag: ['docs/**/*.md'], golden: ['**/golden/**/*.{jsonl,json,yaml,yml,csv}'], judge }

// The fixture's suites: a judged answer set over the RAG docs, a deterministic label set, trials
// of the answer prompt, and a suite that declares nothing.
const SUITES: Record<string, SuiteDepthInfo> = {
  answers: { uses: { prompts: ['support-answer'], rag: true }, files: ['golden/answers.jsonl'], judged: true },
  labels: { uses: ['classify'], files: ['golden/labels.yaml'], judged: false },
  // A trials() suite reads no golden file: its record says `files: []`.
  trials: { uses: ['support-answer'], files: [] },
  other: {},
}

type Edit = (tree: Awaited<ReturnType<typeof fixtureCopy>>) => Promise<unknown>

// Each row of the change-type table, as an edit of the fixture, and the level each suite gets.
const TABLE: Array<{ change: string, edit: Edit, judge?: Record<string, unknown>, expected: Record<string, DepthLevel>, run: DepthLevel }> = [
  { change: 'nothing', edit: async () => {}, run: 'smoke', expected: { answers: 'smoke', labels: 'smoke', trials: 'smoke', other: 'smoke' } },
  { change: 'prompt text', edit: t => t.edit('prompts/answer.prompt.yaml', s => s.replace('Customer question', 'Question')), run: 'regression', expected: { answers: 'regression', labels: 'smoke', trials: 'regression', other: 'regression' } },
  { change: 'system prompt', edit: t => t.edit('prompts/classify.prompt.yaml', s => s.replace('Classify', 'Label')), run: 'full', expected: { answers: 'smoke', labels: 'full', trials: 'smoke', other: 'full' } },
  { change: 'model', edit: t => t.edit('prompts/answer.prompt.yaml', s => s.replace('model: gpt-4o-mini', 'model: gpt-4.1')), run: 'comprehensive', expected: { answers: 'comprehensive', labels: 'smoke', trials: 'comprehensive', other: 'comprehensive' } },
  { change: 'RAG index', edit: t => t.edit('docs/shipping.md', s => s.replace('2 business days', '3 business days')), run: 'regression', expected: { answers: 'regression', labels: 'smoke', trials: 'smoke', other: 'regression' } },
  { change: 'params', edit: t => t.edit('prompts/classify.prompt.yaml', s => s.replace('max_tokens: 20', 'max_tokens: 30')), run: 'sampled', expected: { answers: 'smoke', labels: 'sampled', trials: 'smoke', other: 'sampled' } },
  { change: 'golden set', edit: t => t.edit('golden/labels.yaml', s => s.replace('charged twice', 'charged two times')), run: 'regression', expected: { answers: 'smoke', labels: 'regression', trials: 'smoke', other: 'regression' } },
  { change: 'judge', edit: async () => {}, judge: { ...judge, temperature: 0.2 }, run: 'full', expected: { answers: 'full', labels: 'smoke', trials: 'full', other: 'full' } },
  { change: 'new prompt', edit: t => t.write('prompts/new.prompt.yaml', 'id: support-answer-v2\nmodel: gpt-4o-mini\nsystem_prompt: Be brief.\nuser_template: "{{question}}"\n'), run: 'full', expected: { answers: 'smoke', labels: 'smoke', trials: 'smoke', other: 'full' } },
  { change: 'removed prompt', edit: t => t.remove('prompts/classify.prompt.yaml'), run: 'smoke', expected: { answers: 'smoke', labels: 'smoke', trials: 'smoke', other: 'smoke' } },
]

describe('the change-type table on the fixture (default policy)', () => {
  it.each(TABLE)('$change → run at $run, suites at $expected', async ({ edit, judge: judgeNow, expected, run }) => {
    const copy = await fixtureCopy()
    try {
      const baseline = await takeFingerprints(copy.dir, inputs)
      await edit(copy)
      const current = await takeFingerprints(copy.dir, { ...inputs, ...(judgeNow ? { judge: judgeNow } : {}) })
      const decision = decideDepth('auto', detectChanges(baseline, current))
      expect(decision.level).toBe(run)
      expect(Object.fromEntries(Object.entries(SUITES).map(([name, suite]) => [name, levelForSuite(suite, decision).level]))).toEqual(expected)
    }
    finally {
      await copy.cleanup()
    }
  })
})

const change = (type: keyof typeof DEFAULT_POLICY, promptIds: string[] = [], files: string[] = []) => ({ type, files, promptIds, detail: `${type} changed` })

describe('decideDepth and levelForSuite', () => {
  it('no baseline: unknown, everything at full (a declared level still applies)', () => {
    const decision = decideDepth('auto', undefined)
    expect(decision).toMatchObject({ mode: 'auto', level: 'full', known: false })
    expect(levelForSuite({ uses: ['x'] }, decision).level).toBe('full')
    expect(levelForSuite({ uses: ['x'], level: 'regression' }, decision).level).toBe('regression')
    expect(decideDepth('auto', { known: false, changes: [], reason: 'no fingerprints' }).why).toContain('no fingerprints')
  })

  it('a fixed level applies to every suite, whatever changed', () => {
    const decision = decideDepth('sampled', { known: true, changes: [change('model', ['a'])] })
    expect(decision).toMatchObject({ mode: 'fixed', level: 'sampled', why: 'depth fixed to sampled' })
    for (const suite of Object.values(SUITES)) expect(levelForSuite(suite, decision).level).toBe('sampled')
  })

  it('a per-type policy override replaces the default for that type only', () => {
    expect(resolvePolicy({ params: 'regression' })).toEqual({ ...DEFAULT_POLICY, params: 'regression' })
    const decision = decideDepth('auto', { known: true, changes: [change('params', ['classify']), change('prompt-text', ['support-answer'])] }, { 'params': 'full', 'prompt-text': 'sampled' })
    expect(decision.level).toBe('full')
    expect(levelForSuite(SUITES.labels!, decision)).toMatchObject({ level: 'full', why: 'params changed (params → full)' })
    expect(levelForSuite(SUITES.trials!, decision).level).toBe('sampled')
  })

  it('a touched suite runs at its declared level; an untouched one at smoke, saying why', () => {
    const decision = decideDepth('auto', { known: true, changes: [change('system-prompt', ['classify'])] })
    expect(levelForSuite({ uses: ['classify'], level: 'regression' }, decision)).toMatchObject({ level: 'regression', why: expect.stringContaining('declared level regression') })
    expect(levelForSuite({ uses: ['support-answer'] }, decision)).toEqual({ level: 'smoke', why: 'untouched by the changes (uses support-answer)', changes: [] })
  })

  it('uses may name prompt config paths as well as ids', () => {
    const decision = decideDepth('auto', { known: true, changes: [change('prompt-text', ['support-answer'], ['prompts/answer.prompt.yaml'])] })
    expect(levelForSuite({ uses: ['prompts/answer.prompt.yaml'] }, decision).level).toBe('regression')
  })

  it('a golden change touches a suite whose files are unknown (it might read it), and one without uses', () => {
    const decision = decideDepth('auto', { known: true, changes: [change('golden', [], ['golden/a.jsonl'])] })
    expect(levelForSuite({ uses: ['x'] }, decision).level).toBe('regression')
    expect(levelForSuite({ uses: ['x'], files: ['golden/b.jsonl'] }, decision).level).toBe('smoke')
    expect(levelForSuite({ files: ['golden/b.jsonl'] }, decision).level).toBe('smoke')
  })

  it('the run\'s why names the changes that drive its level', () => {
    const decision = decideDepth('auto', { known: true, changes: [change('params', ['a']), change('model', ['b'])] })
    expect(decision.why).toBe('model changed → comprehensive')
  })
})

describe('resolveDepthOptions', () => {
  it('defaults to full; accepts a level, auto, or the object form; VITEST_LLM_DEPTH wins', () => {
    expect(resolveDepthOptions(undefined, {})).toEqual({ level: 'full', inputs: { rag: [], golden: ['**/golden/**/*.{jsonl,json,yaml,yml,csv}'] }, policy: {}, smokeSample: 5, sampleRate: 0.3, comprehensiveTrials: 3 })
    expect(resolveDepthOptions('auto', {}).level).toBe('auto')
    expect(resolveDepthOptions({ level: 'smoke', inputs: { rag: ['docs/**'] }, policy: { params: 'full' }, smokeSample: 0.1 }, {})).toMatchObject({ level: 'smoke', inputs: { rag: ['docs/**'] }, policy: { params: 'full' }, smokeSample: 0.1 })
    expect(resolveDepthOptions('smoke', { VITEST_LLM_DEPTH: 'comprehensive' }).level).toBe('comprehensive')
    expect(() => resolveDepthOptions('smoke', { VITEST_LLM_DEPTH: 'deep' })).toThrow('VITEST_LLM_DEPTH')
  })
})
