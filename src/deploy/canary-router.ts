import { createHash } from 'node:crypto'

export interface CanaryRouterOptions<V> {
  stable: V
  canary: V
  /** Share of keys routed to the canary, 0–100. */
  percent: number
}

/** A sticky router between two versions. */
export interface CanaryRouter<V> {
  /** The version for a user or session key. */
  route: (key: string) => V
  percent: number
}

/**
 * Chooses a version per user or session key for apps that pick their prompt or model version
 * in-process. Sticky: a key's position on a 0–9,999 scale comes from a hash, so the same key
 * always gets the same version, and raising `percent` only moves keys from stable to canary.
 */
export function createCanaryRouter<V>(options: CanaryRouterOptions<V>): CanaryRouter<V> {
  if (!(options.percent >= 0 && options.percent <= 100)) throw new RangeError(`percent must be between 0 and 100, received ${options.percent}`)
  const cut = Math.round(options.percent * 100)
  return {
    percent: options.percent,
    route: key => (createHash('sha256').update(key).digest().readUInt32BE(0) % 10_000 < cut ? options.canary : options.stable),
  }
}
