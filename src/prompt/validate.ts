import { readFile } from 'node:fs/promises'
import type { z } from 'zod'
import { resolveEncoding, countTokens } from '../tokens/count-tokens.js'
import { DEFAULT_PROMPT_TOKEN_LIMIT, promptConfigSchema, type PromptConfig } from './prompt-config.js'
import { parseWithPositions, positionAt, type ParsedSource } from '../util/source-map.js'
import { parseTemplate } from './template.js'
import { zodMessage } from '../util/zod-message.js'

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
}

const TEMPLATE_FIELDS = ['system_prompt', 'user_template'] as const

/** Validates a prompt config file (`.yaml`, `.yml` or `.json`). Never throws for bad content. */
export async function validatePromptFile(file: string): Promise<PromptValidation> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  }
  catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error)
    return { file, problems: [{ file, line: 1, column: 1, message: `cannot read the file (${reason})` }] }
  }
  return validatePromptSource(text, file)
}

/** Validates the text of a prompt config; `file` is used in the problems it reports. */
export function validatePromptSource(text: string, file = '<input>'): PromptValidation {
  const source = parseWithPositions(text)
  if (source.syntaxErrors.length) {
    const kind = file.endsWith('.json') ? 'JSON' : 'YAML'
    return { file, problems: source.syntaxErrors.map(e => ({ file, line: e.line, column: e.column, message: `${kind} syntax error: ${e.message}` })) }
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
  const problems: PromptProblem[] = []

  const parsed = promptConfigSchema.safeParse(value)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path as Array<string | number>
      // An unknown key is best pointed at where it is written, not at the start of its object.
      const where = issue.code === 'unrecognized_keys'
        ? context.source?.keyPositionOf([...path, issue.keys[0]!]) ?? at(path)
        : at(path)
      problems.push({ file, ...where, field: fieldName(issue), message: describeIssue(issue) })
    }
    return { file, problems }
  }
  const config = parsed.data

  const used = new Set<string>()
  for (const field of TEMPLATE_FIELDS) {
    const template = parseTemplate(config[field])
    for (const problem of template.problems) problems.push({ file, ...locateInTemplate(context, field, config[field], problem.offset), field, message: problem.message })
    for (const part of template.parts) {
      if (part.kind !== 'var') continue
      const root = part.name.split('.')[0]!
      used.add(root)
      if (config.variables && !config.variables.includes(root)) {
        problems.push({ file, ...locateInTemplate(context, field, config[field], part.offset), field, message: `variable \`${root}\` is used but not declared in \`variables\` (declared: ${config.variables.map(v => `\`${v}\``).join(', ') || 'none'})` })
      }
    }
  }
  config.variables?.forEach((name, index) => {
    if (!used.has(name)) problems.push({ file, ...at(['variables', index]), field: 'variables', message: `variable \`${name}\` is declared but used in neither \`system_prompt\` nor \`user_template\`` })
  })

  const limit = config.max_tokens ?? DEFAULT_PROMPT_TOKEN_LIMIT
  // Every BPE token covers at least one UTF-8 byte, so a prompt with no more bytes than the
  // limit fits without counting — and without loading the tokenizer at all.
  const overBudget = Buffer.byteLength(config.system_prompt) > limit
  const choice = overBudget ? resolveEncoding({ model: config.model }) : undefined
  const tokens = choice ? countTokens(config.system_prompt, { encoding: choice.encoding }) : 0
  if (choice && tokens > limit) {
    const counted = choice.fallback ? `counted with ${choice.encoding}: model \`${config.model}\` is unknown to tiktoken` : choice.encoding
    const from = config.max_tokens ? '`max_tokens`' : 'the default; set `max_tokens` to change it'
    problems.push({ file, ...at(['system_prompt']), field: 'system_prompt', message: `system prompt is ${tokens} tokens (${counted}), over the limit of ${limit} (${from})` })
  }

  problems.sort((a, b) => a.line - b.line || a.column - b.column)
  return { file, problems, config }
}

function fieldName(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'unrecognized_keys') return issue.keys.join(', ')
  return issue.path.length ? issue.path.join('.') : undefined
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(k => `\`${k}\``).join(', ')}; expected only id, version, model, params, system_prompt, user_template, max_tokens, variables`
  }
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
