import { fsPromises } from '../util/builtins.js'
import { join } from 'node:path'
import { loadCsv, loadFastGlob } from '../util/lazy-modules.js'
import type { z } from 'zod'
import { lazySchema } from '../util/lazy-zod.js'
import { promptConfigSchema } from '../prompt/prompt-config.js'
import { hashOf } from '../util/canonical.js'
import { isPromptFile, plainGlob, treeFiles } from './tree-files.js'
import { parseWithPositions, stripBom } from '../util/source-map.js'

/**
 * Fingerprints of everything whose change decides the test depth: prompt configs (each part
 * hashed apart, so the change can be typed), golden files, the judge and retrieval data. Hashes
 * are of parsed content wherever a parser exists, so reformatting a file is no change.
 */

const hash = lazySchema(z => z.string())

/** One prompt config: its id, version label and a hash per part. */
export const promptPartsSchema = lazySchema(z => z.object({
  id: z.string().optional(),
  version: z.union([z.string(), z.number()]).optional(),
  system: hash,
  template: hash,
  model: z.string(),
  params: hash,
  /** Set when the file does not parse as a prompt config: its parts are then the raw text's hash. */
  invalid: z.literal(true).optional(),
}))

/** What the baseline stores under `fingerprints`. */
export const fingerprintsSchema = lazySchema(z => z.object({
  /** The globs the golden and RAG fingerprints were taken with, so later runs compare like with like. */
  inputs: z.object({ rag: z.array(z.string()), golden: z.array(z.string()) }),
  prompts: z.record(z.string(), promptPartsSchema),
  golden: z.record(z.string(), hash),
  judge: hash,
  rag: z.record(z.string(), hash),
}))

export type PromptParts = z.infer<typeof promptPartsSchema>
export type Fingerprints = z.infer<typeof fingerprintsSchema>

/** What to fingerprint besides the prompt configs (which are always found by their suffix). */
export interface FingerprintInputs {
  /** Globs of retrieval data, relative to the root. */
  rag?: readonly string[]
  /** Globs of golden files, relative to the root. */
  golden?: readonly string[]
  /** The judge settings that shape its verdicts (model, temperature, criteria, …); hashed whole. */
  judge: Record<string, unknown>
}

/**
 * What tree scans skip. Dot folders never match without `dot: true`, but fast-glob still walks
 * them: `.git` and the cassette folder (`.llm-cache`, 256 subfolders) cost tens of milliseconds
 * per scan at every start.
 */
export const TREE_IGNORE = ['**/node_modules/**', '**/dist/**', '**/.*/**']

// For globs that name a dot folder themselves (a RAG index under `.data/`): walk dot folders.
const NAMED_DOT = /(^|\/)\.[^./]/
const DOT_IGNORE = ['**/node_modules/**', '**/dist/**', '**/.vitest/**', '**/.llm-cache/**', '**/.git/**']

const short = (value: unknown) => hashOf(value).slice(0, 16)

/** Takes the fingerprints of the tree under `root`. Paths in the result are relative to `root`, sorted. */
export async function takeFingerprints(root: string, inputs: FingerprintInputs): Promise<Fingerprints> {
  const ragGlobs = [...(inputs.rag ?? [])]
  const goldenGlobs = [...(inputs.golden ?? [])]
  // One walk of the tree serves the prompt configs and every plain glob (see tree-files.ts).
  let files: string[] | undefined
  const tree = () => (files ??= treeFiles(root))
  const promptFiles = tree().filter(isPromptFile)
  // A prompt config under a golden folder is still a prompt config, never a golden set.
  const goldenFiles = (await find(root, goldenGlobs, tree)).filter(f => !isPromptFile(f))
  const prompts: Fingerprints['prompts'] = {}
  for (const file of promptFiles) prompts[file] = promptParts(await fsPromises().readFile(join(root, file), 'utf8'))
  const golden: Fingerprints['golden'] = {}
  for (const file of goldenFiles) golden[file] = goldenHash(file, await fsPromises().readFile(join(root, file), 'utf8'))
  const rag: Fingerprints['rag'] = {}
  for (const glob of ragGlobs) {
    // Path and content of every matched file: adding, removing or renaming one changes the index.
    const matched = await find(root, [glob], tree)
    const contents = await Promise.all(matched.map(async file => [file, short(await fsPromises().readFile(join(root, file), 'utf8'))]))
    rag[glob] = short(contents)
  }
  return { inputs: { rag: ragGlobs, golden: goldenGlobs }, prompts, golden, judge: short(inputs.judge), rag }
}

async function find(root: string, globs: readonly string[], tree: () => string[]): Promise<string[]> {
  if (!globs.length) return []
  const named = globs.some(glob => NAMED_DOT.test(glob))
  const plain = globs.map(plainGlob)
  if (!named && plain.every(Boolean)) return tree().filter(file => plain.some(glob => glob!.test(file)))
  return (await loadFastGlob()([...globs], { cwd: root, ignore: named ? DOT_IGNORE : TREE_IGNORE, dot: false })).sort()
}

/**
 * The parts of a prompt config from its text. Parsed with the config schema alone (not the full
 * validation): fingerprinting needs the fields, not token counts, and must not load tiktoken.
 */
export function promptParts(text: string): PromptParts {
  const source = parseWithPositions(text)
  const parsed = source.syntaxErrors.length ? undefined : promptConfigSchema.safeParse(source.value)
  if (!parsed?.success) {
    // Unparseable: any edit shows as a change of every part, so it is tested as deeply as possible.
    const raw = short({ text: stripBom(text) })
    return { system: raw, template: raw, model: '', params: raw, invalid: true }
  }
  const c = parsed.data
  return {
    id: c.id,
    ...(c.version !== undefined ? { version: c.version } : {}),
    system: short(c.system_prompt),
    template: short(c.user_template),
    model: c.model,
    params: short(c.params ?? {}),
  }
}

/**
 * A golden file's hash over its parsed records (key order and whitespace between tokens are no
 * change); a file that does not parse is hashed by its text, so editing it still shows.
 */
export function goldenHash(file: string, input: string): string {
  const text = stripBom(input)
  try {
    if (file.endsWith('.jsonl')) return short(text.split(/\r?\n/).filter(line => line.trim() !== '').map(line => JSON.parse(line) as unknown))
    if (file.endsWith('.csv')) return short(loadCsv().parse(text, { columns: true, skip_empty_lines: true }) as unknown)
    const source = parseWithPositions(text)
    if (!source.syntaxErrors.length) return short(source.value)
  }
  catch {
    // Falls through to the text hash below.
  }
  return short({ text })
}
