import type { Change, ChangeSet } from './changes.js'
import { CHANGE_TYPES, deepest, type ChangeType, type DepthLevel } from '../config/depth-levels.js'

/**
 * The default policy: the change-type table of the seed. Prompt text → regression (with the
 * sampled quality evaluation); system prompt → full; model → comprehensive; retrieval data →
 * regression of the sets that use it; params → quality sampling; a golden set → regression of
 * that set; the judge → full for judge-checked sets; a new prompt → full; a removed one → smoke
 * (the suites that used it fail to load it anyway).
 */
export const DEFAULT_POLICY: Readonly<Record<ChangeType, DepthLevel>> = {
  'prompt-text': 'regression',
  'system-prompt': 'full',
  'model': 'comprehensive',
  'rag': 'regression',
  'params': 'sampled',
  'golden': 'regression',
  'judge': 'full',
  'new-prompt': 'full',
  'removed-prompt': 'smoke',
}

/** What a suite exercises: prompt ids (or prompt config paths), and whether it reads retrieval data. */
export type Uses = readonly string[] | { prompts?: readonly string[], rag?: boolean }

/** What the depth decision needs to know of a suite (a `golden()` set, a `trials()` test). */
export interface SuiteDepthInfo {
  /** Prompt ids or inputs it exercises; without them it may use anything. */
  uses?: Uses
  /** The level it runs at when a change touches it (instead of the policy's level). */
  level?: DepthLevel
  /** The golden files it reads, relative to the root, when known. */
  files?: readonly string[]
  /** False when none of its examples is judged (a judge change then leaves it alone); unknown counts as judged. */
  judged?: boolean
}

/** The run's depth decision, taken once in the main process and handed to the workers. */
export interface DepthDecision {
  /** `fixed`: a level forced by the option or `VITEST_LLM_DEPTH`; `auto`: from the changes. */
  mode: 'fixed' | 'auto'
  /** The run's level: the forced one, or the deepest level any change calls for. */
  level: DepthLevel
  /** False when changes could not be detected (no baseline fingerprints): everything runs at `full`. */
  known: boolean
  changes: Change[]
  why: string
  /** The policy in effect, defaults merged with the override. */
  policy: Record<ChangeType, DepthLevel>
}

/** The default policy with the user's per-type override. */
export function resolvePolicy(override: Partial<Record<ChangeType, DepthLevel>> = {}): Record<ChangeType, DepthLevel> {
  return Object.fromEntries(CHANGE_TYPES.map(type => [type, override[type] ?? DEFAULT_POLICY[type]])) as Record<ChangeType, DepthLevel>
}

/**
 * Decides the run's depth. A fixed level wins; with `auto` the changes decide, and unknown
 * changes (`changeSet` undefined or not known) mean `full`.
 */
export function decideDepth(setting: 'auto' | DepthLevel, changeSet: ChangeSet | undefined, override?: Partial<Record<ChangeType, DepthLevel>>): DepthDecision {
  const policy = resolvePolicy(override)
  if (setting !== 'auto') return { mode: 'fixed', level: setting, known: false, changes: [], why: `depth fixed to ${setting}`, policy }
  if (!changeSet?.known) return { mode: 'auto', level: 'full', known: false, changes: [], why: `changes unknown (${changeSet?.reason ?? 'no baseline'}): the full suite runs`, policy }
  const { changes } = changeSet
  if (!changes.length) return { mode: 'auto', level: 'smoke', known: true, changes, why: 'nothing LLM-related changed since the baseline', policy }
  const level = deepest(changes.map(c => policy[c.type]))
  const driving = changes.filter(c => policy[c.type] === level).map(c => c.detail)
  return { mode: 'auto', level, known: true, changes, why: `${driving.join('; ')} → ${level}`, policy }
}

/** A suite's level and why. */
export interface SuiteLevel {
  level: DepthLevel
  why: string
  /** The changes that touch the suite. */
  changes: Change[]
}

/**
 * The level a suite runs at. Forced levels apply to every suite. With `auto`: a suite touched by
 * a change runs at its own `level` if it declares one, else at the deepest level its changes call
 * for; a suite nothing touches runs at `smoke`. A suite without `uses` is touched by every change
 * except golden edits of files it does not read (when its files are known).
 */
export function levelForSuite(suite: SuiteDepthInfo, decision: DepthDecision): SuiteLevel {
  if (decision.mode === 'fixed') return { level: decision.level, why: decision.why, changes: [] }
  if (!decision.known) {
    const level = suite.level ?? decision.level
    return { level, why: suite.level ? `changes unknown: runs at its declared level ${level}` : decision.why, changes: [] }
  }
  const touching = decision.changes.filter(c => touches(c, suite))
  if (!touching.length) {
    const what = usesText(suite.uses)
    return { level: 'smoke', why: decision.changes.length ? `untouched by the changes${what ? ` (uses ${what})` : ''}` : decision.why, changes: [] }
  }
  const level = suite.level ?? deepest(touching.map(c => decision.policy[c.type]))
  const reasons = touching.map(c => `${c.detail} (${c.type} → ${decision.policy[c.type]})`)
  return { level, why: `${reasons.join('; ')}${suite.level ? `; runs at its declared level ${suite.level}` : ''}`, changes: touching }
}

/** `uses` in one shape. */
export function normalizeUses(uses: Uses | undefined): { prompts: readonly string[], rag: boolean } | undefined {
  if (uses === undefined) return undefined
  if (Array.isArray(uses)) return { prompts: uses as readonly string[], rag: false }
  const object = uses as { prompts?: readonly string[], rag?: boolean }
  return { prompts: object.prompts ?? [], rag: object.rag ?? false }
}

function touches(change: Change, suite: SuiteDepthInfo): boolean {
  if (change.type === 'golden') return suite.files === undefined || change.files.some(f => suite.files!.includes(f))
  if (change.type === 'judge') return suite.judged !== false
  const uses = normalizeUses(suite.uses)
  if (!uses) return true
  if (change.type === 'rag') return uses.rag
  return change.promptIds.some(id => uses.prompts.includes(id)) || change.files.some(f => uses.prompts.includes(f))
}

function usesText(uses: Uses | undefined): string {
  const u = normalizeUses(uses)
  if (!u) return ''
  return [...u.prompts, ...(u.rag ? ['retrieval data'] : [])].join(', ')
}
