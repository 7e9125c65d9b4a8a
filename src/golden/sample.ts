// Golden sets sample with the same seeded draw that change-aware depth uses for its smaller
// levels, so a `smoke` run's examples are always among the sampled ones (depth/ sits below
// golden/, which re-exports it under the name golden() has always used).
export { DEFAULT_SEED, seededSample as pickSample } from '../depth/seeded-sample.js'
export type { SampleOptions } from '../depth/seeded-sample.js'
