import type { LlmReport } from './report-schema.js'

/** Why a report does not count as a pass, or undefined when it does. */
export function notPassedBecause(report: LlmReport): string | undefined {
  if (report.run.kind === 'running') return 'the run is still in progress, or was killed before it wrote its report'
  if (report.run.kind === 'interrupted') return 'the run was interrupted'
  if (!report.passed) return report.gate.failures.map(f => f.message).join('; ') || 'the gate failed'
  return undefined
}

/**
 * Why a report must not become the accepted baseline (or justify deleting unused cassettes),
 * or undefined when it may: only a complete, passing `full` or `merged` run speaks for the
 * whole suite.
 */
export function notCompleteBecause(report: LlmReport): string | undefined {
  switch (report.run.kind) {
    case 'running': return 'it is from a run still in progress, or killed before its end'
    case 'interrupted': return 'it is from an interrupted run'
    case 'shard': return `it is from a single shard${report.run.shard ? ` (${report.run.shard.index}/${report.run.shard.count})` : ''}; merge the shards (\`vitest run --merge-reports\`) first`
    case 'partial': return `it is from a partial run (${(report.run.partial ?? []).join('; ')}), which covers only part of the suite`
    case 'watch': return 'it is from watch mode, whose state mixes reruns'
    default: return report.passed ? undefined : `its gate failed: ${report.gate.failures.map(f => f.message).join('; ')}`
  }
}
