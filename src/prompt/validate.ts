import { fsPromises } from '../util/builtins.js'
import type { z } from 'zod'
import { resolveEncoding, countTokens } from '../tokens/count-tokens.js'
import { DEFAULT_PROMPT_TOKEN_LIMIT, promptConfigSchema, type PromptConfig } from './prompt-config.js'
import { parseWithPositions, positionAt, stripBom, type ParsedSource } from '../util/source-map.js'
import { didYouMean, nearestName } from '../util/nearest-name.js'
import { parseTemplate } from './template.js'
import { zodMessage } from '../util/zod-message.js'
import { CHAT_COMPLETION_PARAMS, RESERVED_PARAMS } from './chat-params.js'

/** One problem of a prompt config, located in its file. */
export interface PromptProblem {
  file: string
  line: number
  column: number
  /** The config field at fault, e.g. `user_template`. */
  field?: string
  message: string
}

export interface PromptValidation {
  file: string
  problems: PromptProblem[]
  /** The config, when it passed the schema (it may still have template or token problems). */
  config?: PromptConfig
  /**
   * The most fundamental problem, to show when only one is shown (as `loadPrompt` does): a
   * syntax error, unknown field or template syntax problem before the problems it causes (a
   * missing field, a declared variable the broken template no longer uses).
   */
  root?: PromptProblem
}

/** How fundamental a problem is: 0 is a root cause, higher ranks are often its consequences. */
type Rank = 0 | 1 | 2

const TEMPLATE_FIELDS = ['system_prompt', 'user_template'] as const

/** Validates a prompt config file (`.yaml`, `.yml` or `.json`). Never throws for bad content. */
export async function validatePromptFile(file: string): Promise<PromptValidation> {
  let text: string
  try {
    text = await fsPromises().readFile(file, 'utf8')
  }
  catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error)
    return { file, problems: [{ file, line: 1, column: 1, message: `cannot read the file (${reason})` }] }
  }
  return validatePromptSource(text, file)
}

/** Validates the text of a prompt config; `file` is used in the problems it reports. */
export function validatePromptSource(input: string, file = '<input>'): PromptValidation {
  const text = stripBom(input)
  const source = parseWithPositions(text)
  if (source.syntaxErrors.length) {
    const kind = file.endsWith('.json') ? 'JSON' : 'YAML'
    const problems = source.syntaxErrors.map(e => ({ file, line: e.line, column: e.column, message: `${kind} syntax error: ${e.message}` }))
    return { file, problems, root: problems[0] }
  }
  return checkConfig(source.value, { file, text, source })
}

interface LocateContext {
  file?: string
  text?: string
  source?: ParsedSource
}

/**
 * Validates an already-parsed prompt config: schema, template syntax, declared variables and
 * the system prompt's token budget. Without source text every problem is at line 1; use
 * `validatePromptFile` or `validatePromptSource` for exact positions.
 */
export function validatePromptConfig(value: unknown, options: { file?: string } = {}): PromptValidation {
  return checkConfig(value, { file: options.file })
}

function checkConfig(value: unknown, context: LocateContext): PromptValidation {
  const file = context.file ?? '<input>'
  const at = (path: ReadonlyArray<string | number>) => context.source?.positionOf(path) ?? { line: 1, column: 1 }
  const keyAt = (path: ReadonlyArray<string | number>) => context.source?.keyPositionOf(path) ?? at(path.slice(0, -1))
  const ranked: Array<{ problem: PromptProblem, rank: Rank }> = []
  const add = (rank: Rank, problem: Omit<PromptProblem, 'file'>) => ranked.push({ rank, problem: { file, ...problem } })
  const done = (config?: PromptConfig): PromptValidation => {
    const byPlace = (a: PromptProblem, b: PromptProblem) => a.line - b.line || a.column - b.column
    const problems = ranked.map(r => r.problem).sort(byPlace)
    const root = [...ranked].sort((a, b) => a.rank - b.rank || byPlace(a.problem, b.problem))[0]?.problem
    return { file, problems, ...(config ? { config } : {}), ...(root ? { root } : {}) }
  }

  checkParams(value, keyAt, add)
  const parsed = promptConfigSchema.safeParse(value)
  if (!parsed.success) {
    const keys = Object.keys(promptConfigSchema.shape)
    const unknown = parsed.error.issues.flatMap(issue => (issue.code === 'unrecognized_keys' && issue.path.length === 0 ? issue.keys : []))
    // A missing field that an unknown key is a typo of is reported once, as the typo.
    const typoOf = new Set(unknown.map(key => nearestName(key, keys)).filter(k => k !== undefined))
    for (const issue of parsed.error.issues) {
      const path = issue.path as Array<string | number>
      if (issue.code === 'unrecognized_keys') {
        // An unknown key is best pointed at where it is written, not at the start of its object.
        for (const key of issue.keys) add(0, { ...keyAt([...path, key]), field: key, message: `unknown field \`${key}\`${didYouMean(key, keys) || paramHint(key)}; expected only ${keys.join(', ')}` })
        continue
      }
      if (path.length === 1 && typeof path[0] === 'string' && typoOf.has(path[0]) && readAt(value, path) === undefined) continue
      add(1, { ...at(path), field: path.length ? path.join('.') : undefined, message: describeIssue(issue) })
    }
    // The templates' own problems too, so that fixing the schema does not reveal a second list.
    checkTemplates(value, context, at, add)
    return done()
  }
  const config = parsed.data

  checkTemplates(config, context, at, add)

  const limit = config.max_tokens ?? DEFAULT_PROMPT_TOKEN_LIMIT
  // Every BPE token covers at least one UTF-8 byte, so a prompt with no more bytes than the
  // limit fits without counting — and without loading the tokenizer at all.
  const overBudget = Buffer.byteLength(config.system_prompt) > limit
  const choice = overBudget ? resolveEncoding({ model: config.model }) : undefined
  const tokens = choice ? countTokens(config.system_prompt, { encoding: choice.encoding }) : 0
  if (choice && tokens > limit) {
    const counted = choice.fallback ? `counted with ${choice.encoding}: model \`${config.model}\` is unknown to tiktoken` : choice.encoding
    const from = config.max_tokens ? '`max_tokens`' : 'the default; set `max_tokens` to change it'
    add(1, { ...at(['system_prompt']), field: 'system_prompt', message: `system prompt is ${tokens} tokens (${counted}), over the limit of ${limit} (${from})` })
  }
  return done(config)
}

/**
 * Template syntax, and variables used but not declared or declared but not used. Reads the
 * fields as written, so it also runs on a config whose schema failed: a template that is not a
 * string, or `variables` that are not a list of strings, were reported by the schema.
 */
function checkTemplates(value: unknown, context: LocateContext, at: (path: ReadonlyArray<string | number>) => { line: number, column: number }, add: (rank: Rank, problem: Omit<PromptProblem, 'file'>) => void): void {
  const declared = readAt(value, ['variables'])
  const variables = Array.isArray(declared) && declared.every(v => typeof v === 'string') ? declared as string[] : undefined
  const used = new Set<string>()
  for (const field of TEMPLATE_FIELDS) {
    const text = readAt(value, [field])
    if (typeof text !== 'string') continue
    const template = parseTemplate(text)
    for (const problem of template.problems) add(0, { ...locateInTemplate(context, field, text, problem.offset), field, message: problem.message })
    for (const part of template.parts) {
      if (part.kind !== 'var') continue
      const root = part.name.split('.')[0]!
      used.add(root)
      if (variables && !variables.includes(root)) {
        add(1, { ...locateInTemplate(context, field, text, part.offset), field, message: `variable \`${root}\` is used but not declared in \`variables\` (declared: ${variables.map(v => `\`${v}\``).join(', ') || 'none'})` })
      }
    }
  }
  variables?.forEach((name, index) => {
    if (!used.has(name)) add(2, { ...at(['variables', index]), field: 'variables', message: `variable \`${name}\` is declared but used in neither \`system_prompt\` nor \`user_template\`` })
  })
}

/** `params` must hold chat completion parameters: a typo would be sent to the API as written. */
function checkParams(value: unknown, keyAt: (path: ReadonlyArray<string | number>) => { line: number, column: number }, add: (rank: Rank, problem: Omit<PromptProblem, 'file'>) => void): void {
  const params = readAt(value, ['params'])
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return
  for (const key of Object.keys(params)) {
    const reserved = Object.hasOwn(RESERVED_PARAMS, key) ? RESERVED_PARAMS[key] : undefined
    if (reserved) add(0, { ...keyAt(['params', key]), field: `params.${key}`, message: `\`${key}\` cannot be set in \`params\`: ${reserved}` })
    else if (!CHAT_COMPLETION_PARAMS.includes(key)) {
      add(0, { ...keyAt(['params', key]), field: `params.${key}`, message: `unknown chat completion parameter \`${key}\`${didYouMean(key, CHAT_COMPLETION_PARAMS)}; expected one of ${CHAT_COMPLETION_PARAMS.join(', ')}` })
    }
  }
}

/** A sampling parameter written at the top level belongs under `params`. */
function paramHint(key: string): string {
  const param = CHAT_COMPLETION_PARAMS.includes(key) ? key : nearestName(key, CHAT_COMPLETION_PARAMS)
  return param ? ` (did you mean \`params.${param}\`?)` : ''
}

function readAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = value
  for (const key of path) current = typeof current === 'object' && current !== null ? (current as Record<PropertyKey, unknown>)[key] : undefined
  return current
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return `required field \`${issue.path.join('.')}\` is missing (expected ${issue.expected})`
  return zodMessage(issue)
}

/**
 * Finds where a template offset is in the file. Block scalars and quoted strings shift
 * characters, so the line of the template holding the problem is searched for verbatim after the
 * field's start; if it is not found (escapes), the field's own position is used.
 */
function locateInTemplate(context: LocateContext, field: string, template: string, offset: number) {
  const fallback = context.source?.positionOf([field]) ?? { line: 1, column: 1 }
  const start = context.source?.offsetOf([field])
  if (!context.text || start === undefined) return fallback
  const lineStart = template.lastIndexOf('\n', offset - 1) + 1
  const lineEnd = template.indexOf('\n', offset)
  const lineText = template.slice(lineStart, lineEnd === -1 ? undefined : lineEnd)
  const found = context.text.indexOf(lineText, start)
  if (found === -1 || lineText.trim() === '') return fallback
  return positionAt(context.text, found + (offset - lineStart))
}
