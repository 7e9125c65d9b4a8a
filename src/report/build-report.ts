import { resolve } from 'node:path'
import type { TestModule } from 'vitest/node'
import { compareWithBaseline, promptHashes, readBaseline } from '../gate/baseline.js'
import { evaluateGate } from '../gate/evaluate-gate.js'
import type { ResolvedOptions } from '../config/options.js'
import { collect } from './collect.js'
import { computeMetrics } from './metrics.js'
import type { LlmReport, Regression } from './report-schema.js'

export interface RunInfo {
  reason: 'passed' | 'failed' | 'interrupted'
  /** A `--shard` run sees part of the tests: report, but do not gate. */
  sharded: boolean
}

/** Builds the report of a run: metrics, regression against the baseline, and the gate. */
export async function buildReport(modules: readonly TestModule[], options: ResolvedOptions, root: string, run: RunInfo): Promise<LlmReport> {
  const collected = collect(modules, root)
  const metrics = computeMetrics(collected)
  const draft: LlmReport = {
    version: 1,
    passed: true,
    createdAt: new Date().toISOString(),
    run: { reason: run.reason, sharded: run.sharded, gateEnforced: Boolean(options.gate) && !run.sharded },
    gate: { passed: true, failures: [] },
    metrics,
    cases: collected.cases,
  }
  const gate = options.gate
  if (!gate) return draft

  let regression: Regression | undefined
  let baselineProblem: string | undefined
  if (gate.baseline) {
    const file = resolve(root, gate.baseline.file)
    try {
      const baseline = await readBaseline(file)
      regression = compareWithBaseline(draft, baseline, gate.baseline.file, gate.baseline, await promptHashes(root))
    }
    catch (error) {
      baselineProblem = (error as Error).message.split(file).join(gate.baseline.file)
    }
  }
  const failures = evaluateGate(gate, metrics, regression, baselineProblem)
  if (run.reason === 'interrupted') failures.unshift({ metric: 'run', actual: 'interrupted', threshold: 'completed', message: 'the run was interrupted: partial results are never gated as passing' })
  const passed = failures.length === 0
  return { ...draft, passed: passed || run.sharded, gate: { passed, failures }, ...(regression ? { regression } : {}) }
}
