import type { ResolvedDepthOptions } from '../config/depth-options.js'
import { levelForSuite, type DepthDecision, type SuiteDepthInfo, type SuiteLevel } from './policy.js'

/**
 * How the run's depth decision reaches the workers: the plugin decides once in the main process
 * and provides it under its own key (so config/ needs no type from depth/); `golden()` and
 * `trials()` read it with `inject(DEPTH_PROVIDE_KEY)` and derive their own suite's level.
 */

export const DEPTH_PROVIDE_KEY = 'vitestLlmDepth'

/** What the workers receive. */
export interface ProvidedDepth {
  decision: DepthDecision
  settings: Pick<ResolvedDepthOptions, 'smokeSample' | 'sampleRate' | 'comprehensiveTrials'>
}

declare module 'vitest' {
  interface ProvidedContext {
    vitestLlmDepth: ProvidedDepth
  }
}

/** A suite's level from what was provided; without the plugin (nothing provided), `full`: today's behaviour. */
export function depthFor(provided: ProvidedDepth | undefined, suite: SuiteDepthInfo): SuiteLevel {
  if (!provided) return { level: 'full', why: 'no depth decision provided (plugin not in use): full', changes: [] }
  return levelForSuite(suite, provided.decision)
}
