import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { writeFileAtomic } from '../util/write-atomic.js'
import { stripBom } from '../util/source-map.js'
import { didYouMean } from '../util/nearest-name.js'
import { zodMessage } from '../util/zod-message.js'
import type { CanaryAnalysis } from './canary-analysis.js'
import type { CanaryConfig } from './canary-config.js'
import { DeployDataError } from './deploy-error.js'

const decision = z.enum(['promote', 'hold', 'rollback'])

/** The schema of `canary-state.json`: what `canary step` trusts before it moves traffic. */
export const canaryStateSchema = z.strictObject({
  version: z.literal(1),
  baseline: z.string().min(1),
  canary: z.string().min(1),
  status: z.enum(['running', 'promoted', 'rolled-back']),
  stepIndex: z.int().min(0),
  /** Traffic percentage the canary should get now. */
  percent: z.number().min(0).max(100),
  stepStartedAt: z.iso.datetime({ offset: true }),
  /** The version to serve if the canary is rolled back. */
  lastGoodVersion: z.string().min(1),
  history: z.array(z.strictObject({ at: z.iso.datetime({ offset: true }), decision, percent: z.number().min(0).max(100), reason: z.string() })),
})

/** Where a rollout stands; written by `vitest-llm canary step`, read by any CI or gateway. */
export type CanaryState = z.infer<typeof canaryStateSchema>

export function initialState(config: CanaryConfig, now: number): CanaryState {
  return { version: 1, baseline: config.baseline, canary: config.canary, status: 'running', stepIndex: 0, percent: config.steps[0]!, stepStartedAt: new Date(now).toISOString(), lastGoodVersion: config.baseline, history: [] }
}

const KEEP_OR_DELETE = 'fix it, or delete it to restart the rollout from the first step'

/**
 * Reads and validates a state file. A missing file is `undefined` (no rollout yet); anything
 * else that cannot be trusted — unreadable, not JSON (e.g. merge-conflict markers), not the
 * schema, or about other versions than `config` — throws a `DeployDataError` naming the file,
 * never a silent fresh start (which could re-promote a rolled-back canary).
 */
export async function readState(file: string, config?: Pick<CanaryConfig, 'baseline' | 'canary' | 'steps'>): Promise<CanaryState | undefined> {
  let text: string
  try {
    text = stripBom(await readFile(file, 'utf8'))
  }
  catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    throw new DeployDataError(`cannot read the canary state ${file} (${code ?? (error as Error).message})`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  }
  catch (error) {
    const conflict = /^(<{7}|={7}|>{7})( |$)/m.test(text) ? ' (it holds merge-conflict markers)' : ''
    throw new DeployDataError(`${file}: the canary state is not valid JSON${conflict}: ${(error as Error).message}; ${KEEP_OR_DELETE}`)
  }
  const parsed = canaryStateSchema.safeParse(value)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') return `${issue.keys.join(', ')}: unknown field${issue.keys.length === 1 ? didYouMean(issue.keys[0]!, STATE_FIELDS) : 's'}`
      return `${issue.path.join('.') || 'state'}: ${zodMessage(issue)}`
    })
    throw new DeployDataError(`${file}: invalid canary state (${KEEP_OR_DELETE}):\n${problems.slice(0, 20).map(p => `  ${p}`).join('\n')}`)
  }
  const state = parsed.data
  if (config) {
    if (state.baseline !== config.baseline || state.canary !== config.canary) {
      throw new DeployDataError(`${file}: the canary state is for canary ${JSON.stringify(state.canary)} over baseline ${JSON.stringify(state.baseline)}, but the config has canary ${JSON.stringify(config.canary)} over baseline ${JSON.stringify(config.baseline)}; use another --state file for a new rollout`)
    }
    if (state.stepIndex >= config.steps.length) {
      throw new DeployDataError(`${file}: stepIndex: ${state.stepIndex} is past the last of the config's ${config.steps.length} steps`)
    }
  }
  return state
}

const STATE_FIELDS = Object.keys(canaryStateSchema.shape)

/** Writes the state atomically, so a reader never sees half a file. */
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
