import { readFile } from 'node:fs/promises'
import { writeFileAtomic } from '../util/write-atomic.js'
import type { CanaryAnalysis, Decision } from './canary-analysis.js'
import type { CanaryConfig } from './canary-config.js'

/** Where a rollout stands; written by `vitest-llm canary step`, read by any CI or gateway. */
export interface CanaryState {
  version: 1
  baseline: string
  canary: string
  status: 'running' | 'promoted' | 'rolled-back'
  stepIndex: number
  /** Traffic percentage the canary should get now. */
  percent: number
  stepStartedAt: string
  /** The version to serve if the canary is rolled back. */
  lastGoodVersion: string
  history: Array<{ at: string, decision: Decision, percent: number, reason: string }>
}

export function initialState(config: CanaryConfig, now: number): CanaryState {
  return { version: 1, baseline: config.baseline, canary: config.canary, status: 'running', stepIndex: 0, percent: config.steps[0]!, stepStartedAt: new Date(now).toISOString(), lastGoodVersion: config.baseline, history: [] }
}

export async function readState(file: string): Promise<CanaryState | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as CanaryState
  }
  catch {
    return undefined
  }
}

export async function writeState(file: string, state: CanaryState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`)
}

/**
 * Applies a decision: promote moves to the next step (or finishes at 100%, the canary becoming
 * the last good version), rollback sends all traffic back to the last good version, hold stays.
 */
export function advance(state: CanaryState, config: CanaryConfig, analysis: Pick<CanaryAnalysis, 'decision' | 'reason'>, now: number): CanaryState {
  const at = new Date(now).toISOString()
  const next = { ...state, history: [...state.history, { at, decision: analysis.decision, percent: state.percent, reason: analysis.reason }] }
  if (state.status !== 'running' || analysis.decision === 'hold') return next
  if (analysis.decision === 'rollback') return { ...next, status: 'rolled-back', percent: 0 }
  if (state.stepIndex + 1 >= config.steps.length) return { ...next, status: 'promoted', percent: 100, lastGoodVersion: config.canary }
  return { ...next, stepIndex: state.stepIndex + 1, percent: config.steps[state.stepIndex + 1]!, stepStartedAt: at }
}
