import { sha256 } from './sha256.js'

/** A copy of a JSON value with object keys sorted, so equal requests serialise identically. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key]
      if (item !== undefined) out[key] = canonical(item)
    }
    return out
  }
  return value
}

/** sha256 of the canonical JSON of `value`, hex. */
export function hashOf(value: unknown): string {
  return sha256(JSON.stringify(canonical(value)))
}
