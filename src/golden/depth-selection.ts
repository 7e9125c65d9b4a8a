import { inject } from 'vitest'
import type { DepthLevel } from '../config/depth-levels.js'
import { goldenSelection, isJudged } from '../depth/apply.js'
import type { Uses } from '../depth/policy.js'
import { DEPTH_PROVIDE_KEY, depthFor } from '../depth/provide.js'
import type { SuiteRecord } from '../depth/records.js'
import type { GoldenExample } from './example-schema.js'
import type { SampleOptions } from './sample.js'

/** A golden set's (or a comparison's) level for this run, why, its record, and which examples run. */
export interface DepthSelected {
  level: DepthLevel
  why: string
  record: SuiteRecord
  /** Why an example is skipped (sampling or depth), or undefined when it runs. */
  skipReason: (id: string) => string | undefined
}

/**
 * Change-aware depth for a set of examples, while Vitest collects the suite: the level the
 * run's decision gives this set (from its `uses` and `level`), and the examples that level runs
 * — seeded, so every variant of a `compare()` and every machine picks the same ones.
 */
export function selectByDepth(examples: readonly GoldenExample[], options: { uses?: Uses | undefined, level?: DepthLevel | undefined, sample?: SampleOptions | undefined }): DepthSelected {
  const provided = inject(DEPTH_PROVIDE_KEY)
  const judged = examples.filter(isJudged).length
  const files = [...new Set(examples.map(e => e.source.file))]
  const record: SuiteRecord = { kind: 'golden', ...(options.uses ? { uses: options.uses as SuiteRecord['uses'] } : {}), ...(options.level ? { level: options.level } : {}), files, examples: { total: examples.length, judged }, ...(options.sample ? { sampleRate: options.sample.rate } : {}) }
  const { level, why } = depthFor(provided, { uses: options.uses, level: options.level, files, judged: judged > 0 })
  const settings = provided?.settings
  const selection = goldenSelection(level, examples.map(e => ({ id: e.id, tags: e.tags, judged: isJudged(e) })), { sample: options.sample, smokeSample: settings?.smokeSample ?? 5, sampleRate: settings?.sampleRate ?? 0.3 }, process.env.VITEST_LLM_SEED)
  return { level, why, record, skipReason: id => selection.skipReason(id) }
}
