import seedrandom from 'seedrandom'
import type { RequestRecord } from 'vitest-llm/deploy'

/** Per-minute behaviour of a version in a generated request log. */
export interface Behaviour {
  errorRate?: (minute: number) => number
  latencyMs?: (minute: number) => number
  quality?: (minute: number) => number | undefined
  negativeRate?: (minute: number) => number
}

export const START = Date.parse('2026-11-28T10:00:00Z')

/**
 * A request log with known properties: `perMinute` requests a minute split between versions by
 * `canaryShare`, errors, latencies (exponential around the mean), quality and feedback per the
 * behaviours. Seeded, so every run sees the same log.
 */
export function generateLog(minutes: number, perMinute: number, canaryShare: number, canary: Behaviour, baseline: Behaviour = {}, seed = 'log'): Array<Omit<RequestRecord, 'time'>> {
  const random = seedrandom(seed)
  const out: Array<Omit<RequestRecord, 'time'>> = []
  for (let minute = 0; minute < minutes; minute++) {
    for (let i = 0; i < perMinute; i++) {
      const isCanary = random() < canaryShare
      const b = isCanary ? canary : baseline
      const record: Omit<RequestRecord, 'time'> = {
        ts: new Date(START + minute * 60_000 + Math.floor((i / perMinute) * 60_000)).toISOString(),
        version: isCanary ? 'v2' : 'v1',
        latencyMs: Math.round(-Math.log(1 - random()) * (b.latencyMs?.(minute) ?? 800)),
      }
      if (random() < (b.errorRate?.(minute) ?? 0.01)) record.error = true
      const quality = b.quality?.(minute)
      if (quality !== undefined && random() < 0.3) record.quality = Math.min(5, Math.max(1, Math.round(quality + (random() - 0.5) * 2)))
      if (random() < 0.2) record.feedback = random() < (b.negativeRate?.(minute) ?? 0.05) ? 'negative' : 'positive'
      out.push(record)
    }
  }
  return out
}

export const toJsonl = (records: readonly object[]) => `${records.map(r => JSON.stringify(r)).join('\n')}\n`
