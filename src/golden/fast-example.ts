import { isPlainObject } from '../util/plain-object.js'
import { CHECK_FIELDS, EXAMPLE_FIELDS, type ParsedExample } from './example-schema.js'

const KNOWN = new Set<string>(EXAMPLE_FIELDS)

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.length > 0
const nonEmptyList = (value: unknown): value is string[] => Array.isArray(value) && value.length > 0 && value.every(nonEmpty)
const phrases = (value: unknown): string[] | undefined => nonEmpty(value) ? [value] : nonEmptyList(value) ? [...value] : undefined
const score = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 1 && value <= 5

/**
 * The common case of a golden example checked without zod: every field present has its plain,
 * valid form. Returns exactly what `goldenExampleSchema` would (same values, same key order), or
 * undefined whenever it is not sure — then the schema decides and words the problems. Loading
 * 10,000 examples spent most of its time in zod (test/golden/fast-example.test.ts compares the
 * two on thousands of generated records).
 */
export function fastExample(value: unknown): ParsedExample | undefined {
  if (!isPlainObject(value)) return undefined
  for (const key in value) if (!KNOWN.has(key)) return undefined
  const out: Record<string, unknown> = {}
  for (const field of EXAMPLE_FIELDS) {
    if (!(field in value)) continue
    const v = value[field]
    switch (field) {
      case 'id':
        if (nonEmpty(v) || (typeof v === 'number' && Number.isFinite(v))) out.id = String(v)
        else return undefined
        break
      case 'input':
        if (typeof v === 'string') out.input = v
        else if (isPlainObject(v)) out.input = { ...v }
        else return undefined
        break
      case 'expected':
        if (typeof v !== 'string') return undefined
        out.expected = v
        break
      case 'exact_match':
        if (typeof v !== 'string' && typeof v !== 'boolean') return undefined
        out.exact_match = v
        break
      case 'must_contain':
      case 'must_not_contain': {
        const list = phrases(v)
        if (!list) return undefined
        out[field] = list
        break
      }
      case 'criteria':
        if (nonEmpty(v)) out.criteria = v
        else if (nonEmptyList(v)) out.criteria = [...v]
        else if (isPlainObject(v) && Object.values(v).every(score)) out.criteria = { ...v }
        else return undefined
        break
      case 'tags':
        if (!Array.isArray(v) || !v.every(nonEmpty)) return undefined
        out.tags = [...v]
        break
      case 'weight':
        if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return undefined
        out.weight = v
        break
      case 'metadata':
        if (!isPlainObject(v)) return undefined
        out.metadata = { ...v }
        break
      default:
        return undefined // a field the schema gained and this check does not know
    }
  }
  if (!('input' in out)) return undefined
  if (out.exact_match === true && out.expected === undefined) return undefined
  if (!CHECK_FIELDS.some(field => out[field] !== undefined)) return undefined
  return out as ParsedExample
}
