import { fsPromises } from '../util/builtins.js'
import { isAbsolute, relative, resolve } from 'node:path'
import { loadFastGlob } from '../util/lazy-modules.js'
import type { z } from 'zod'
import { contentId, goldenExampleSchema, NO_CHECK_MESSAGE, type GoldenExample } from './example-schema.js'
import { GoldenError, type GoldenProblem } from './golden-error.js'
import { fastExample } from './fast-example.js'
import { readCsv, readJsonl, readStructured, type RawRecord } from './read-records.js'
import { noteDependency } from '../util/watched-files.js'
import { zodMessage } from '../util/zod-message.js'
import { didYouMean, nearestName } from '../util/nearest-name.js'

export interface LoadGoldenOptions<T = unknown> {
  /** A zod schema each example must also satisfy (e.g. the shape of `input`). */
  schema?: z.ZodType<T>
  /** Folder the globs are relative to. @default process.cwd() */
  cwd?: string
}

// Characters without which a pattern cannot be a glob (fast-glob's syntax: wildcards, classes, braces, extglobs, negation).
const GLOB_CHARACTERS = /[*?[\]{}()!]/

const READERS = { '.jsonl': readJsonl, '.json': readStructured, '.yaml': readStructured, '.yml': readStructured, '.csv': readCsv }
type Extension = keyof typeof READERS

function extensionOf(file: string): Extension | undefined {
  return (Object.keys(READERS) as Extension[]).find(ext => file.endsWith(ext))
}

/**
 * Loads golden examples from `.jsonl`, `.json` (array), `.yaml`/`.yml` (list) and `.csv` files,
 * validating every one. Throws a `GoldenError` listing each problem as
 * `file:line: field: what was expected` — bad lines, missing or mistyped fields, duplicate ids
 * (naming both places), unreadable files, globs that match nothing.
 */
export async function loadGolden(globs: string | readonly string[], options: LoadGoldenOptions = {}): Promise<GoldenExample[]> {
  const cwd = options.cwd ?? process.cwd()
  const patterns = typeof globs === 'string' ? [globs] : [...globs]
  const problems: GoldenProblem[] = []
  const files: string[] = []
  for (const pattern of patterns) {
    // Most sets are named by a plain path: checked without loading the glob library.
    if (!GLOB_CHARACTERS.test(pattern) || !loadFastGlob().isDynamicPattern(pattern)) {
      // A plain path that does not exist is an error, not an empty set.
      const path = isAbsolute(pattern) ? pattern : resolve(cwd, pattern)
      try {
        await fsPromises().access(path)
        files.push(path)
      }
      catch (error) {
        problems.push({ file: pattern, line: 0, message: `cannot read the file (${(error as NodeJS.ErrnoException).code})` })
      }
      continue
    }
    const matched = await loadFastGlob()(pattern, { cwd, absolute: true, ignore: ['**/node_modules/**'] })
    if (matched.length === 0) problems.push({ file: pattern, line: 0, message: 'no golden file matches this pattern' })
    files.push(...matched.sort())
  }

  const examples: GoldenExample[] = []
  const seen = new Map<string, { file: string, line: number }>()
  for (const path of [...new Set(files)]) {
    noteDependency(path)
    const file = relative(cwd, path) || path
    const ext = extensionOf(path)
    if (!ext) {
      problems.push({ file, line: 0, message: 'unsupported file type: expected .jsonl, .json, .yaml, .yml or .csv' })
      continue
    }
    const sink = (record: RawRecord) => {
      const example = validate(record, file, options.schema, problems)
      if (!example) return
      const earlier = seen.get(example.id)
      if (earlier) {
        problems.push({ file, line: example.source.line, field: 'id', message: `duplicate id ${JSON.stringify(example.id)}, already used at ${earlier.file}:${earlier.line}` })
        return
      }
      seen.set(example.id, example.source)
      examples.push(example)
    }
    try {
      await READERS[ext](path, file, sink, problems)
    }
    catch (error) {
      problems.push({ file, line: 0, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` })
    }
  }
  if (problems.length) throw new GoldenError(problems)
  return examples
}

function validate(record: RawRecord, file: string, schema: z.ZodType | undefined, problems: GoldenProblem[]): GoldenExample | undefined {
  // The plain common case without zod; anything else (and every problem) goes through the schema.
  const fast = fastExample(record.value)
  const parsed = fast ? { success: true as const, data: fast } : goldenExampleSchema().safeParse(record.value)
  const issues = parsed.success ? [] : parsed.error.issues
  if (parsed.success && schema) {
    const extra = schema.safeParse(record.value)
    if (!extra.success) issues.push(...extra.error.issues)
  }
  if (issues.length || !parsed.success) {
    // A typo'd check field (`must_contians`) also leaves the example without a check: report the typo alone.
    const typo = issues.some(issue => issue.code === 'unrecognized_keys')
    for (const issue of issues) {
      if (typo && issue.code === 'custom' && issue.message === NO_CHECK_MESSAGE) continue
      const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.') || undefined
      const top = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path[0]
      const line = typeof top === 'string' && record.at ? record.at(top) : record.line
      let received: unknown = record.value
      for (const key of issue.path) received = (received as Record<PropertyKey, unknown> | undefined)?.[key]
      const missing = received === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'custom'
      problems.push({ file, line, field, message: missing ? `required; ${describe(issue).replace(/, received undefined$/, '')}` : describe(issue) })
    }
    return undefined
  }
  const { id, ...rest } = parsed.data
  return { ...rest, id: id ?? contentId(parsed.data), source: { file, line: record.line } }
}

// What a field of several shapes accepts, as golden-sets.md says it.
const UNION_EXPECTED: Record<string, string> = {
  input: 'a string or an object of template variables',
  exact_match: 'a string, or `true` to compare with `expected`',
  criteria: 'a rubric string, a list of criterion names, or { name: minScore }',
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys' && issue.path.length > 0) return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(k => `\`${k}\``).join(', ')}`
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(goldenExampleSchema().shape)
    const guesses = issue.keys.flatMap((key) => {
      const guess = nearestName(key, known)
      return guess ? [`\`${guess}\` for \`${key}\``] : []
    })
    const hint = issue.keys.length === 1 ? didYouMean(issue.keys[0]!, known) : guesses.length ? ` (did you mean ${guesses.join(', ')}?)` : ''
    return `unknown field${issue.keys.length > 1 ? 's' : ''}${hint}; expected ${known.join(', ')} (put extra data under metadata)`
  }
  if (issue.code === 'invalid_union') return `expected ${UNION_EXPECTED[String(issue.path.at(-1))] ?? 'a string or a list of strings'}`
  return zodMessage(issue)
}
