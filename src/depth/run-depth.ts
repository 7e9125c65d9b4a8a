import { readFile } from 'node:fs/promises'
import { detectChanges } from './changes.js'
import type { ResolvedDepthOptions } from '../config/depth-options.js'
import { takeFingerprints, type Fingerprints } from './fingerprints.js'
import { judgeFingerprintInput } from './judge-input.js'
import { decideDepth, type DepthDecision } from './policy.js'
import { baselineDepthSchema, type BaselineDepth } from './records.js'

/** The baseline's depth fields, or undefined when the file is missing or is no baseline (the gate reports that itself). */
export async function readBaselineDepth(file: string): Promise<BaselineDepth | undefined> {
  try {
    const parsed = baselineDepthSchema.safeParse(JSON.parse(await readFile(file, 'utf8')))
    return parsed.success ? parsed.data : undefined
  }
  catch {
    return undefined
  }
}

/** What the plugin computes once per run, in the main process. */
export interface RunDepthStart {
  decision: DepthDecision
  /** The tree's fingerprints at the start: the report keeps them, and `baseline save` copies them. */
  fingerprints: Fingerprints
}

/** The run's depth as the plugin starts it: the decision as soon as it is known, and the whole start. */
export interface RunDepthBegun {
  decision: Promise<DepthDecision>
  /** Decision and fingerprints; the first call takes the fingerprints if the decision did not. */
  start: () => Promise<RunDepthStart>
}

/**
 * Takes the tree's fingerprints and decides the run's depth. Fingerprints are taken at every
 * level (a later `baseline save` needs them); the baseline is read only for `auto`. Only `auto`
 * with a baseline needs the fingerprints to decide: otherwise the decision is known at once and
 * the fingerprints are taken when `start` is first called — by the reporter once tests run, so
 * that scanning the tree (and loading fast-glob) does not delay the first worker.
 */
export function beginRunDepth(root: string, options: { depth: ResolvedDepthOptions, judge: { model?: string | undefined, temperature?: number, criteria?: Record<string, string> } }, baselineFile: string | undefined): RunDepthBegun {
  const { depth } = options
  let taken: Promise<Fingerprints> | undefined
  const fingerprints = () => (taken ??= takeFingerprints(root, { rag: depth.inputs.rag, golden: depth.inputs.golden, judge: judgeFingerprintInput(options.judge) }))
  const decision = depth.level !== 'auto'
    ? Promise.resolve(decideDepth(depth.level, undefined, depth.policy))
    : (async () => {
        const baseline = baselineFile ? await readBaselineDepth(baselineFile) : undefined
        return decideDepth('auto', baseline ? detectChanges(baseline.fingerprints, await fingerprints()) : undefined, depth.policy)
      })()
  let start: Promise<RunDepthStart> | undefined
  return {
    decision,
    start: () => {
      if (!start) {
        start = Promise.all([decision, fingerprints()]).then(([decision, fingerprints]) => ({ decision, fingerprints }))
        // Whoever awaits `start` sees a failure; until then it must not count as unhandled.
        start.catch(() => {})
      }
      return start
    },
  }
}

/** `beginRunDepth`, awaited whole. */
export function startRunDepth(root: string, options: Parameters<typeof beginRunDepth>[1], baselineFile: string | undefined): Promise<RunDepthStart> {
  return beginRunDepth(root, options, baselineFile).start()
}
