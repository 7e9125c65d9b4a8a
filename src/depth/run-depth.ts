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

/**
 * Takes the tree's fingerprints and decides the run's depth. Fingerprints are taken at every
 * level (a later `baseline save` needs them); the baseline is read only for `auto`.
 */
export async function startRunDepth(root: string, options: { depth: ResolvedDepthOptions, judge: { model?: string | undefined, temperature?: number, criteria?: Record<string, string> } }, baselineFile: string | undefined): Promise<RunDepthStart> {
  const { depth } = options
  const fingerprints = await takeFingerprints(root, { rag: depth.inputs.rag, golden: depth.inputs.golden, judge: judgeFingerprintInput(options.judge) })
  if (depth.level !== 'auto') return { decision: decideDepth(depth.level, undefined, depth.policy), fingerprints }
  const baseline = baselineFile ? await readBaselineDepth(baselineFile) : undefined
  const changes = baseline ? detectChanges(baseline.fingerprints, fingerprints) : undefined
  return { decision: decideDepth('auto', changes, depth.policy), fingerprints }
}
