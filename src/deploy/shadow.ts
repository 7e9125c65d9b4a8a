import { wilson } from '../stats/proportion.js'
import { requireVersions, type RequestRecord } from './request-log.js'
import { DeployDataError } from './deploy-error.js'

/** How two outputs for the same input are compared. */
export type Comparator =
  | { kind: 'exact' }
  /** Case, whitespace and punctuation ignored. */
  | { kind: 'normalized' }
  /** Diverges when the cosine similarity of their embeddings is below `threshold`. */
  | { kind: 'embedding', threshold?: number, embed: (texts: string[]) => Promise<number[][]> }
  /** Diverges when a judge prefers one (a tie is agreement): e.g. `pairwise()`. */
  | { kind: 'judge', compare: (baseline: string, candidate: string, inputId: string) => Promise<'a' | 'b' | 'tie'> }

export interface ShadowOptions {
  baseline: string
  candidate: string
  /** Highest acceptable divergence rate. @default 0.1 */
  maxDivergence?: number
  /** @default 0.95 */
  confidence?: number
  compare?: Comparator
}

export interface ShadowPair {
  inputId: string
  baseline: string
  candidate: string
  divergent: boolean
  /** Cosine similarity for `embedding`, 1/0 for equality. */
  similarity: number
}

export interface ShadowResult {
  verdict: 'pass' | 'fail' | 'hold'
  pairs: number
  divergent: number
  rate: number
  interval: [number, number]
  maxDivergence: number
  /** The most divergent pairs, least similar first (at most 10). */
  worst: ShadowPair[]
  /** Input ids seen for one version only. */
  unpaired: { baselineOnly: string[], candidateOnly: string[] }
}

const normalise = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
const cosine = (a: readonly number[], b: readonly number[]) => {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!
    na += a[i]! ** 2
    nb += b[i]! ** 2
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0
}

/**
 * Shadow comparison: the candidate answered the same live inputs as the baseline; pair them by
 * `inputId`, count divergent pairs and decide with a Wilson interval — pass when its upper bound
 * is at most `maxDivergence`, fail when its lower bound exceeds it, hold (more traffic needed)
 * in between. A version with no record in the log, or none with both `inputId` and `output`,
 * throws a `DeployDataError` naming what the log holds (waiting would never decide); `file`
 * names the log in that message.
 */
export async function shadow(records: readonly RequestRecord[], options: ShadowOptions, file = 'the request log'): Promise<ShadowResult> {
  requireVersions(records, { baseline: options.baseline, candidate: options.candidate }, file)
  const maxDivergence = options.maxDivergence ?? 0.1
  const confidence = options.confidence ?? 0.95
  const compare = options.compare ?? { kind: 'normalized' }
  const byVersion = (version: string) => {
    const map = new Map<string, string>()
    for (const r of records) if (r.version === version && r.inputId !== undefined && r.output !== undefined) map.set(r.inputId, r.output)
    return map
  }
  const base = byVersion(options.baseline)
  const cand = byVersion(options.candidate)
  for (const [role, version, outputs] of [['baseline', options.baseline, base], ['candidate', options.candidate, cand]] as const) {
    if (outputs.size === 0) {
      const n = records.filter(r => r.version === version).length
      throw new DeployDataError(`${file}: ${role} version ${JSON.stringify(version)} has ${n} request${n === 1 ? '' : 's'} but none with both inputId and output, so nothing can be paired; log inputId and output for shadow traffic`)
    }
  }
  const ids = [...base.keys()].filter(id => cand.has(id)).sort()
  const pairs: ShadowPair[] = ids.map(inputId => ({ inputId, baseline: base.get(inputId)!, candidate: cand.get(inputId)!, divergent: false, similarity: 1 }))

  if (compare.kind === 'embedding') {
    const vectors = await compare.embed(pairs.flatMap(p => [p.baseline, p.candidate]))
    pairs.forEach((p, i) => {
      p.similarity = cosine(vectors[2 * i]!, vectors[2 * i + 1]!)
      p.divergent = p.similarity < (compare.threshold ?? 0.9)
    })
  }
  else if (compare.kind === 'judge') {
    await Promise.all(pairs.map(async (p) => {
      p.divergent = (await compare.compare(p.baseline, p.candidate, p.inputId)) !== 'tie'
      p.similarity = p.divergent ? 0 : 1
    }))
  }
  else {
    for (const p of pairs) {
      p.divergent = compare.kind === 'exact' ? p.baseline !== p.candidate : normalise(p.baseline) !== normalise(p.candidate)
      p.similarity = p.divergent ? 0 : 1
    }
  }
  const divergent = pairs.filter(p => p.divergent).length
  const interval = wilson(divergent, pairs.length, confidence)
  const verdict = pairs.length === 0 ? 'hold' : interval[1] <= maxDivergence ? 'pass' : interval[0] > maxDivergence ? 'fail' : 'hold'
  return {
    verdict,
    pairs: pairs.length,
    divergent,
    rate: pairs.length ? divergent / pairs.length : 0,
    interval,
    maxDivergence,
    worst: pairs.filter(p => p.divergent).sort((a, b) => a.similarity - b.similarity || a.inputId.localeCompare(b.inputId)).slice(0, 10),
    unpaired: { baselineOnly: [...base.keys()].filter(id => !cand.has(id)).sort(), candidateOnly: [...cand.keys()].filter(id => !base.has(id)).sort() },
  }
}
