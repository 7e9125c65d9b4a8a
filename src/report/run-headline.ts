import type { LlmReport } from './report-schema.js'

/** The one-line verdict of a report, as the terminal and Markdown summaries open with it. */
export interface Headline {
  tone: 'pass' | 'fail' | 'info' | 'warn'
  text: string
}

/** Says what the verdict is and what kind of run it speaks for, so a partial pass never reads as a full one. */
export function runHeadline(report: LlmReport): Headline {
  const { run, gate } = report
  const notMeasured = gate.notMeasured?.length ?? 0
  switch (run.kind) {
    case 'running': return { tone: 'warn', text: 'run in progress or killed before its end: not a verdict' }
    case 'interrupted': return { tone: 'warn', text: 'run interrupted: not gated as passing' }
    case 'shard': return { tone: 'info', text: `shard ${run.shard ? `${run.shard.index}/${run.shard.count}` : ''}: gate not enforced on a shard; merge the reports to gate the run` }
    default: break
  }
  const verdict = gate.mode === undefined
    ? (report.passed ? 'no gate configured: report only' : 'no gate configured, but cases errored')
    : report.passed ? 'gate passed' : 'gate failed'
  const scope = run.kind === 'partial'
    ? ` — partial run (${(run.partial ?? []).join('; ')}): the gate covers only what ran${notMeasured ? `, ${notMeasured} threshold${notMeasured > 1 ? 's' : ''} not measured` : ''}`
    : run.kind === 'merged' ? ` — merged from ${run.shards?.length ?? 0} shard${run.shards?.length === 1 ? '' : 's'}` : ''
  const enforcement = gate.mode === 'never' ? ' (gate.enforce: never — reported, not enforced)' : ''
  return { tone: report.passed ? (gate.mode === undefined ? 'info' : 'pass') : gate.mode === 'never' || gate.mode === undefined ? 'warn' : 'fail', text: `${verdict}${scope}${enforcement}` }
}
