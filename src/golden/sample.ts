import seedrandom from 'seedrandom'

/** Which examples to run: a reproducible fraction, optionally keeping each tag's share. */
export interface SampleOptions {
  /** Fraction of the examples to run, in (0, 1]. */
  rate: number
  /** Seed of the draw; `VITEST_LLM_SEED` overrides. @default 'vitest-llm' */
  seed?: string | number
  /** `'tags'`: sample within each tag combination so every tag keeps its share. */
  stratifyBy?: 'tags'
}

export const DEFAULT_SEED = 'vitest-llm'

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/**
 * Picks `round(rate × n)` example ids with a seeded generator: the same seed and examples give
 * the same sample on every machine. With strata, each gets its share by largest remainder, so
 * the total is still `round(rate × n)`.
 */
export function pickSample<T extends { id: string, tags?: readonly string[] }>(examples: readonly T[], options: SampleOptions, envSeed?: string): Set<string> {
  if (!(options.rate > 0 && options.rate <= 1)) throw new RangeError(`sample.rate must be in (0, 1], received ${options.rate}`)
  const random = seedrandom(String(envSeed || options.seed || DEFAULT_SEED))
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
