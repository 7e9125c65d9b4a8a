import { loadSeedrandom } from '../util/lazy-modules.js'

/**
 * A reproducible subset of examples. The same algorithm (and so the same ids) as
 * `golden/sample.ts`'s `pickSample`, which golden/ may re-export from here: depth/ sits below
 * golden/ and must not import it. test/depth/apply.test.ts checks the two agree.
 */

export const DEFAULT_SEED = 'vitest-llm'

/** What to draw: a fraction of the examples, a seed, optionally keeping each tag set's share. */
export interface SampleOptions {
  /** Fraction of the examples to run, in (0, 1]. */
  rate: number
  /** Seed of the draw; `VITEST_LLM_SEED` overrides. @default 'vitest-llm' */
  seed?: string | number
  /** `'tags'`: sample within each tag combination so every tag keeps its share. */
  stratifyBy?: 'tags'
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/**
 * `round(rate × n)` ids drawn with a seeded generator (`envSeed`, e.g. `VITEST_LLM_SEED`, wins
 * over `seed`). Unstratified draws are prefixes of one seeded shuffle, so a smaller draw with the
 * same seed is a subset of a larger one. Strata get their share by largest remainder.
 */
export function seededSample<T extends { id: string, tags?: readonly string[] }>(examples: readonly T[], options: SampleOptions, envSeed?: string): Set<string> {
  if (!(options.rate > 0 && options.rate <= 1)) throw new RangeError(`sample.rate must be in (0, 1], received ${options.rate}`)
  const random = loadSeedrandom()(String(envSeed || options.seed || DEFAULT_SEED))
  const total = Math.round(options.rate * examples.length)
  if (options.stratifyBy !== 'tags') return new Set(shuffled(examples, random).slice(0, total).map(e => e.id))

  const strata = new Map<string, T[]>()
  for (const example of examples) {
    const key = [...(example.tags ?? [])].sort().join('|')
    strata.set(key, [...(strata.get(key) ?? []), example])
  }
  const keys = [...strata.keys()].sort()
  const quotas = keys.map(key => ({ key, exact: options.rate * strata.get(key)!.length }))
  const counts = new Map(quotas.map(q => [q.key, Math.floor(q.exact)]))
  let left = total - [...counts.values()].reduce((a, b) => a + b, 0)
  for (const q of [...quotas].sort((a, b) => (b.exact % 1) - (a.exact % 1) || a.key.localeCompare(b.key))) {
    if (left <= 0) break
    counts.set(q.key, counts.get(q.key)! + 1)
    left--
  }
  const chosen = new Set<string>()
  for (const key of keys) for (const e of shuffled(strata.get(key)!, random).slice(0, counts.get(key))) chosen.add(e.id)
  return chosen
}

/** Exactly `count` ids (all when there are fewer), drawn like `seededSample`. */
export function seededCount<T extends { id: string, tags?: readonly string[] }>(examples: readonly T[], count: number, options: Omit<SampleOptions, 'rate'>, envSeed?: string): Set<string> {
  if (count >= examples.length) return new Set(examples.map(e => e.id))
  if (count <= 0) return new Set()
  return seededSample(examples, { ...options, rate: count / examples.length }, envSeed)
}
