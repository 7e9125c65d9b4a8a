import type { Fingerprints, PromptParts } from './fingerprints.js'
import type { ChangeType } from '../config/depth-levels.js'

/** One detected change, typed by the change-type table. */
export interface Change {
  type: ChangeType
  /** Files involved, relative to the root (for `rag`: the glob). */
  files: string[]
  /** Prompt ids involved (prompt changes only). */
  promptIds: string[]
  /** For people: what changed, e.g. `model gpt-4o-mini → gpt-4o`. */
  detail: string
}

/** The changes since the baseline; `known: false` when there is nothing to compare with. */
export interface ChangeSet {
  known: boolean
  changes: Change[]
  /** Why `known` is false. */
  reason?: string
}

/**
 * Compares the baseline's fingerprints with the working tree's. Without baseline fingerprints
 * the changes are unknown (the caller then runs the full suite). A prompt config moved to
 * another file with the same id is compared with its old self, not reported as removed + new.
 * One config can yield several changes (model and params, say): each is tested as its type asks.
 */
export function detectChanges(baseline: Fingerprints | undefined, current: Fingerprints): ChangeSet {
  if (!baseline) return { known: false, changes: [], reason: 'the baseline has no fingerprints (saved before change-aware depth, or missing)' }
  const changes: Change[] = []
  changes.push(...promptChanges(baseline.prompts, current.prompts))
  for (const file of union(baseline.golden, current.golden)) {
    const then = baseline.golden[file]
    const now = current.golden[file]
    if (then === now) continue
    changes.push({ type: 'golden', files: [file], promptIds: [], detail: `golden set ${file} ${then === undefined ? 'added' : now === undefined ? 'removed' : 'edited'}` })
  }
  if (baseline.judge !== current.judge) changes.push({ type: 'judge', files: [], promptIds: [], detail: 'judge model, temperature or criteria changed' })
  for (const glob of union(baseline.rag, current.rag)) {
    const then = baseline.rag[glob]
    const now = current.rag[glob]
    if (then === now) continue
    changes.push({ type: 'rag', files: [glob], promptIds: [], detail: then === undefined ? `retrieval data ${glob} newly declared` : now === undefined ? `retrieval data ${glob} no longer declared` : `retrieval data ${glob} changed` })
  }
  return { known: true, changes }
}

function promptChanges(before: Fingerprints['prompts'], after: Fingerprints['prompts']): Change[] {
  const out: Change[] = []
  const added = Object.keys(after).filter(f => !(f in before)).sort()
  const removed = Object.keys(before).filter(f => !(f in after)).sort()
  // Pair moved configs by id: a rename is not a new prompt.
  const moved = new Map<string, string>()
  for (const file of added) {
    const id = after[file]!.id
    const from = id === undefined ? undefined : removed.find(r => before[r]!.id === id && ![...moved.values()].includes(r))
    if (from) moved.set(file, from)
  }
  for (const file of Object.keys(after).sort()) {
    const from = file in before ? file : moved.get(file)
    if (from === undefined) {
      out.push(change('new-prompt', [file], after[file]!, `new prompt config ${file}`))
      continue
    }
    out.push(...partChanges(before[from]!, after[file]!, from === file ? [file] : [from, file]))
  }
  for (const file of removed) {
    if ([...moved.values()].includes(file)) continue
    out.push(change('removed-prompt', [file], before[file]!, `prompt config ${file} removed`))
  }
  return out
}

function partChanges(then: PromptParts, now: PromptParts, files: string[]): Change[] {
  const name = files.at(-1)!
  const ids = [...new Set([then.id, now.id].filter((id): id is string => id !== undefined))]
  const make = (type: ChangeType, detail: string): Change => ({ type, files, promptIds: ids, detail })
  // A config that does not parse on either side: which part changed is unknowable, so every part counts.
  if ((then.invalid || now.invalid) && JSON.stringify(then) !== JSON.stringify(now)) {
    return [make('system-prompt', `${name} does not parse as a prompt config${now.invalid ? '' : ' in the baseline'}: treated as a system prompt change`)]
  }
  const out: Change[] = []
  if (then.system !== now.system) out.push(make('system-prompt', `system prompt of ${name} changed`))
  if (then.template !== now.template) out.push(make('prompt-text', `user template of ${name} changed`))
  if (then.model !== now.model) out.push(make('model', `model of ${name}: ${then.model} → ${now.model}`))
  if (then.params !== now.params) out.push(make('params', `params of ${name} changed`))
  // An id change alone re-points every suite's `uses`: tested like a new prompt.
  if (then.id !== now.id) out.push(make('new-prompt', `id of ${name}: ${then.id} → ${now.id}`))
  return out
}

function change(type: ChangeType, files: string[], parts: PromptParts, detail: string): Change {
  return { type, files, promptIds: parts.id === undefined ? [] : [parts.id], detail }
}

function union(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
}
