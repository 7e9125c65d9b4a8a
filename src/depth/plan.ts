import type { ResolvedDepthOptions } from '../config/depth-options.js'
import { detectChanges } from './changes.js'
import { estimatePlan, type PlanEstimate } from './estimate.js'
import type { Fingerprints } from './fingerprints.js'
import { atLeast, type DepthLevel } from '../config/depth-levels.js'
import { decideDepth, levelForSuite, type DepthDecision, type Uses } from './policy.js'
import { groupOfKey, type BaselineDepth, type SuiteRecord } from './records.js'

/** One suite in the plan. */
export interface PlannedSuite {
  suite: string
  kind: SuiteRecord['kind'] | 'unknown'
  uses?: Uses
  level: DepthLevel
  why: string
}

/** What `vitest-llm plan` shows: the decision, the level per suite, and the estimate. */
export interface DepthPlan {
  decision: DepthDecision
  suites: PlannedSuite[]
  estimate: PlanEstimate
}

/**
 * Plans a run from the baseline's depth fields and the working tree's fingerprints. Suites come
 * from the baseline's suite records and case keys; a suite without a record has no known `uses`
 * and runs at the run's level (the deepest any change calls for).
 */
export function planDepth(baseline: BaselineDepth, current: Fingerprints, options: Pick<ResolvedDepthOptions, 'level' | 'policy' | 'smokeSample' | 'sampleRate' | 'comprehensiveTrials'>): DepthPlan {
  const changes = detectChanges(baseline.fingerprints, current)
  const decision = decideDepth(options.level, changes, options.policy)
  const names = new Set([...Object.keys(baseline.suites ?? {}), ...Object.keys(baseline.cases).map(key => groupOfKey(key, baseline.suites))])
  const suites: PlannedSuite[] = [...names].sort().map((suite) => {
    const record = baseline.suites?.[suite]
    const info = record
      // A trials() test reads no golden file, so golden edits leave it alone.
      ? { uses: record.uses, level: record.level, files: record.files ?? (record.kind === 'trials' ? [] : undefined), judged: record.examples ? record.examples.judged > 0 : undefined }
      : {}
    const { level, why } = levelForSuite(info, decision)
    return { suite, kind: record?.kind ?? 'unknown', ...(record?.uses ? { uses: record.uses } : {}), level, why }
  })
  const levels = Object.fromEntries(suites.map(s => [s.suite, s.level]))
  return { decision, suites, estimate: estimatePlan(baseline, levels, options) }
}

/** True when the plan runs less than `full` somewhere: the run is then not a full run for the gate. */
export function isReduced(plan: Pick<DepthPlan, 'suites'>): boolean {
  return plan.suites.some(s => !atLeast(s.level, 'full'))
}
