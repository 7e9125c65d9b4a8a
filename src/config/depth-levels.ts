/**
 * Depth levels and change types: the vocabulary of change-aware test depth (issue 15). Kept in
 * a file of its own with no imports so every layer (options, golden, trials, gate, report, CLI)
 * can name them without pulling in fingerprinting.
 */

/** Depth levels, cheapest first. The order is the meaning: a later level runs at least as much. */
export const DEPTH_LEVELS = ['smoke', 'sampled', 'regression', 'full', 'comprehensive'] as const

/** How deep a suite (or the run) is tested. */
export type DepthLevel = typeof DEPTH_LEVELS[number]

/** What can change between the baseline and the working tree, each with its own default depth. */
export const CHANGE_TYPES = ['prompt-text', 'system-prompt', 'model', 'rag', 'params', 'golden', 'judge', 'new-prompt', 'removed-prompt'] as const

/** The type of one detected change (the rows of the change-type table). */
export type ChangeType = typeof CHANGE_TYPES[number]

/** True when `value` names a depth level. */
export function isDepthLevel(value: unknown): value is DepthLevel {
  return typeof value === 'string' && (DEPTH_LEVELS as readonly string[]).includes(value)
}

/** Position of a level in `DEPTH_LEVELS` (0 = smoke). */
export function levelRank(level: DepthLevel): number {
  return DEPTH_LEVELS.indexOf(level)
}

/** The deeper of the levels given; `smoke` for none. */
export function deepest(levels: Iterable<DepthLevel>): DepthLevel {
  let out: DepthLevel = 'smoke'
  for (const level of levels) if (levelRank(level) > levelRank(out)) out = level
  return out
}

/** True when `a` runs at least what `b` runs. */
export function atLeast(a: DepthLevel, b: DepthLevel): boolean {
  return levelRank(a) >= levelRank(b)
}
