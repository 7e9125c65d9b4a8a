import { relative } from 'node:path'
import type { TestCase, TestModule } from 'vitest/node'
import { addTotals, emptyTotals, type UsageTotals } from '../client/usage.js'
import type { LlmCaseMeta } from '../context/case-meta.js'
import type { ReportCase } from './report-schema.js'

/** Everything the report is computed from. */
export interface Collected {
  cases: ReportCase[]
  /** Per criterion, every score given (golden judge checks and `toPassJudge`). */
  scores: Record<string, number[]>
  trials: NonNullable<LlmCaseMeta['trials']>[]
  usage: { app: UsageTotals, judge: UsageTotals }
}

function suitePath(test: TestCase): string {
  const names: string[] = []
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) names.unshift(parent.name)
  return names.join(' > ')
}

/** Reads what tests recorded in their meta. Tests without vitest-llm meta are ignored. */
export function collect(modules: readonly TestModule[], root: string): Collected {
  const out: Collected = { cases: [], scores: {}, trials: [], usage: { app: emptyTotals(), judge: emptyTotals() } }
  for (const module of modules) {
    const file = relative(root, module.moduleId)
    for (const test of module.children.allTests()) {
      const meta = test.meta().llm
      if (!meta) continue
      addTotals(out.usage.app, meta.usage.app)
      addTotals(out.usage.judge, meta.usage.judge)
      const suite = suitePath(test)
      for (const judgement of meta.judgements ?? []) {
        for (const [name, s] of Object.entries(judgement.scores)) (out.scores[name] ??= []).push(s.score)
      }
      if (meta.golden) {
        const g = meta.golden
        for (const [name, s] of Object.entries(g.scores ?? {})) (out.scores[name] ??= []).push(s.score)
        out.cases.push({ id: g.id, suite: g.suite, file, verdict: g.verdict, kind: 'golden', scores: flatScores(g.scores), reason: g.reason, weight: g.weight })
        continue
      }
      if (meta.trials) {
        out.trials.push(meta.trials)
        const verdict = meta.trials.verdict === 'pass' ? 'pass' : meta.trials.verdict === 'error' ? 'error' : 'fail'
        out.cases.push({ id: test.fullName, suite, file, verdict, kind: 'trials', reason: verdict === 'pass' ? undefined : `${meta.trials.passed}/${meta.trials.runs} (${meta.trials.verdict})` })
        continue
      }
      if (meta.judgements?.length) {
        const verdicts = meta.judgements.map(j => j.verdict)
        const verdict = verdicts.includes('error') ? 'error' : verdicts.includes('fail') ? 'fail' : 'pass'
        const last = meta.judgements.at(-1)!
        const reason = verdict === 'error'
          ? meta.judgements.find(j => j.verdict === 'error')!.error
          : verdict === 'fail' ? Object.entries(last.scores).filter(([, s]) => s.score < s.threshold).map(([n, s]) => `${n} ${s.score}/5 < ${s.threshold}: ${s.reason}`).join('; ') : undefined
        out.cases.push({ id: test.fullName, suite, file, verdict, kind: 'judge', scores: flatScores(last.scores), reason })
      }
    }
  }
  return out
}

function flatScores(scores: Record<string, { score: number }> | undefined): Record<string, number> | undefined {
  return scores && Object.keys(scores).length ? Object.fromEntries(Object.entries(scores).map(([n, s]) => [n, s.score])) : undefined
}
