import { resolve } from 'node:path'
import type { TestModule } from 'vitest/node'
import type { ResolvedOptions } from '../config/options.js'
import { compareWithBaseline, promptHashes, readBaseline } from '../gate/baseline.js'
import { evaluateGate, type GateOutcome } from '../gate/evaluate-gate.js'
import { compareGateFailures } from '../gate/compare-gate.js'
import { compareAll } from '../gate/compare-variants.js'
import type { GateFailure } from '../gate/gate-schema.js'
import { DEPTH_LEVELS } from '../config/depth-levels.js'
import type { RunDepth } from '../depth/records.js'
import { collect } from './collect.js'
import { computeMetrics } from './metrics.js'
import type { LlmReport, Regression, RunInfo, RunKind } from './report-schema.js'

/** What the reporter knows about how the run started and ended. */
export interface RunState {
  kind: Exclude<RunKind, 'running'>
  /** What narrowed a partial run. */
  partial: string[]
  shard?: { index: number, count: number }
  /** A merged run: the shards found, and what is wrong with them (missing, duplicated, mismatched). */
  shards?: string[]
  shardProblems?: string[]
  fingerprint?: string
  reason?: 'passed' | 'failed' | 'interrupted'
  /** Why an interrupted run ended early (a signal, `--bail`, a crash of the reporter). */
  interruption?: string
  /** Change-aware depth decided at the start (without the per-suite records, which the tests report). */
  depth?: Omit<RunDepth, 'suites'>
}

/**
 * The report model of a run: cases, metrics and the run's kind, without the gate's verdict.
 * Synchronous, so that a run interrupted by a signal can still write it before the process ends.
 */
export function reportModel(modules: readonly TestModule[], root: string, run: RunState): LlmReport {
  const collected = collect(modules, root)
  // A suite run below `full` by change-aware depth makes the run partial: the gate then judges
  // what ran, and `baseline save` knows it is not the whole suite.
  const reduced = Object.values(collected.depthSuites).some(s => s.ran && DEPTH_LEVELS.indexOf(s.ran.level) < DEPTH_LEVELS.indexOf('full'))
  // A merge speaks for the whole suite only if its shards did: it is partial when they were.
  const whole = run.kind === 'full' || run.kind === 'merged'
  const kind = whole && (collected.focused || reduced || (run.kind === 'merged' && run.partial.length > 0)) ? 'partial' : run.kind
  const partial = [...run.partial, ...(collected.focused ? ['.only'] : []), ...(reduced ? [`depth ${run.depth?.level ?? 'below full'}${run.depth ? `: ${run.depth.why}` : ''}`] : [])]
  const depth = run.depth && { ...run.depth, suites: collected.depthSuites }
  return {
    version: 1,
    passed: false,
    createdAt: new Date().toISOString(),
    run: runInfo({ ...run, kind, partial, ...(depth ? { depth } : {}) }),
    gate: { passed: false, failures: [] },
    metrics: computeMetrics(collected),
    ...withComparison(collected.cases),
    cases: collected.cases,
    ...(collected.skipped.length ? { skipped: collected.skipped } : {}),
  }
}

function runInfo(run: Omit<RunState, 'depth'> & { depth?: RunDepth }): RunInfo {
  return {
    kind: run.kind,
    ...(run.depth ? { depth: run.depth } : {}),
    ...(run.partial.length ? { partial: run.partial } : {}),
    ...(run.shard ? { shard: run.shard } : {}),
    ...(run.shards ? { shards: run.shards } : {}),
    ...(run.fingerprint ? { fingerprint: run.fingerprint } : {}),
    ...(run.reason ? { reason: run.reason } : {}),
    sharded: run.kind === 'shard',
    gateEnforced: false,
  }
}

/** The report's `comparison` when the run had `compare()` suites. */
function withComparison(cases: LlmReport['cases']): Pick<LlmReport, 'comparison'> {
  const comparison = compareAll(cases)
  return comparison ? { comparison } : {}
}

/** The report written when a run starts, so no earlier verdict outlives it. */
export function runningReport(run: Pick<RunState, 'fingerprint'>): LlmReport {
  const empty = reportModel([], '', { kind: 'full', partial: [], ...run })
  return { ...empty, run: { ...empty.run, kind: 'running' }, gate: { passed: false, failures: [runFailure('running', 'the run is still in progress, or ended without writing its report (killed): not a verdict')] } }
}

const runFailure = (actual: string, message: string): GateFailure => ({ metric: 'run', actual, threshold: 'complete', message })

/**
 * Asks the gate for the verdict on a report model. How the kind of run is gated:
 * `full`, `merged` and `watch` fail closed on missing data; `partial` enforces the thresholds it
 * has data for and reports the rest as not measured (unless `gate.enforce: 'always'`); a `shard`
 * is evaluated like a partial run but never enforced; `interrupted` never passes; a merged run
 * with missing, duplicated or mismatched shards fails naming them. With `enforce: 'never'` the
 * verdict is reported but never fails the process. Without a gate, a run passes when it
 * completed without errors.
 */
export async function applyGate(model: LlmReport, options: ResolvedOptions, root: string, run: Pick<RunState, 'interruption' | 'shardProblems'>): Promise<LlmReport> {
  const kind = model.run.kind
  const gate = options.gate
  const runFailures: GateFailure[] = []
  if (kind === 'interrupted') runFailures.push(runFailure('interrupted', `the run was interrupted${run.interruption ? ` (${run.interruption})` : ''}: partial results are never gated as passing`))
  for (const problem of run.shardProblems ?? []) runFailures.push({ metric: 'shards', actual: problem, threshold: 'every shard once', message: problem })

  let outcome: GateOutcome = { failures: [], notMeasured: [] }
  let regression: Regression | undefined
  if (gate) {
    let baselineProblem: string | undefined
    if (gate.baseline) {
      const file = resolve(root, gate.baseline.file)
      try {
        regression = compareWithBaseline(model, await readBaseline(file), gate.baseline.file, gate.baseline, await promptHashes(root))
      }
      catch (error) {
        baselineProblem = (error as Error).message.split(file).join(gate.baseline.file)
      }
    }
    const partial = (kind === 'partial' || kind === 'shard') && gate.enforce !== 'always'
    outcome = evaluateGate(gate, model.metrics, regression, baselineProblem, { partial })
    if (gate.compare) {
      // A live comparison of two variants, gated like the baseline regression.
      const compared = compareGateFailures(model.cases, gate.compare, Object.keys(gate.scores))
      outcome.failures.push(...compared.failures)
      if (compared.noData) (partial ? outcome.notMeasured : outcome.failures).push(compared.noData)
    }
  }
  else if (model.metrics.errors > 0) {
    runFailures.push({ metric: 'errors', actual: model.metrics.errors, threshold: 0, message: `errors: ${model.metrics.errors} of ${model.metrics.cases} cases could not be judged (infrastructure errors, files that failed to load)` })
  }
  const failures = [...runFailures, ...outcome.failures]
  const passed = failures.length === 0
  const gateEnforced = Boolean(gate) && gate!.enforce !== 'never' && kind !== 'shard'
  return {
    ...model,
    passed,
    run: { ...model.run, gateEnforced },
    gate: { passed, ...(gate ? { mode: gate.enforce, thresholds: thresholdsOf(gate) } : {}), failures, ...(outcome.notMeasured.length ? { notMeasured: outcome.notMeasured } : {}) },
    ...(regression ? { regression } : {}),
  }
}

function thresholdsOf(gate: NonNullable<ResolvedOptions['gate']>): NonNullable<LlmReport['gate']['thresholds']> {
  return {
    ...(gate.goldenPassRate !== undefined ? { goldenPassRate: gate.goldenPassRate } : {}),
    scores: gate.scores,
    minCases: gate.minCases,
    maxErrorRate: gate.maxErrorRate,
    ...(gate.maxCostUsd !== undefined ? { maxCostUsd: gate.maxCostUsd } : {}),
    bound: gate.bound,
    ...(gate.baseline ? { baseline: { file: gate.baseline.file } } : {}),
    ...(gate.compare ? { compare: { candidate: gate.compare.candidate, control: gate.compare.control } } : {}),
  }
}

/** Builds the report of a finished run: the model, then the gate's verdict on it. */
export async function buildReport(modules: readonly TestModule[], options: ResolvedOptions, root: string, run: RunState): Promise<LlmReport> {
  return applyGate(reportModel(modules, root, run), options, root, run)
}
