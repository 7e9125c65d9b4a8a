import { TemplateError } from '../errors.js'

/**
 * `{{variable}}` templates. Parsing is separate from rendering so that `validate` can report
 * every syntax problem with its position, while `render` stays a tight loop over parsed parts.
 */

/** A piece of a parsed template: literal text or a variable slot. */
export type TemplatePart =
  | { kind: 'text', value: string }
  | { kind: 'var', name: string, offset: number }

/** A syntax problem at a 0-based character offset of the template. */
export interface TemplateProblem {
  offset: number
  message: string
}

export interface ParsedTemplate {
  parts: TemplatePart[]
  /** Variable names in order of first use. */
  variables: string[]
  problems: TemplateProblem[]
}

// A name is an identifier, optionally a dotted path into an object variable (`{{user.name}}`).
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/

/** Parses a template; never throws. `\{{` is a literal `{{`. */
export function parseTemplate(source: string): ParsedTemplate {
  const parts: TemplatePart[] = []
  const problems: TemplateProblem[] = []
  const variables = new Set<string>()
  let text = ''
  let i = 0
  while (i < source.length) {
    const open = source.indexOf('{{', i)
    if (open === -1) {
      text += source.slice(i)
      break
    }
    if (open > 0 && source[open - 1] === '\\') {
      text += `${source.slice(i, open - 1)}{{`
      i = open + 2
      continue
    }
    text += source.slice(i, open)
    const close = source.indexOf('}}', open + 2)
    const nextOpen = source.indexOf('{{', open + 2)
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      problems.push({ offset: open, message: 'unclosed `{{`: expected `}}` after the variable name' })
      text += '{{'
      i = open + 2
      continue
    }
    const raw = source.slice(open + 2, close)
    const name = raw.trim()
    if (name === '') {
      problems.push({ offset: open, message: 'empty variable name in `{{}}`' })
    }
    else if (!NAME.test(name)) {
      problems.push({
        offset: open,
        message: `invalid variable name \`${name}\`: use letters, digits and \`_\` (not starting with a digit), dots for nested fields`,
      })
    }
    else {
      if (text) parts.push({ kind: 'text', value: text })
      text = ''
      parts.push({ kind: 'var', name, offset: open })
      variables.add(name)
    }
    i = close + 2
  }
  if (text) parts.push({ kind: 'text', value: text })
  return { parts, variables: [...variables], problems }
}

/** Template variables: strings, numbers, booleans, or objects for dotted names. */
export type TemplateVars = Record<string, unknown>

function lookup(vars: TemplateVars, name: string): unknown {
  let value: unknown = vars
  for (const key of name.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return JSON.stringify(value)
}

/**
 * Renders parsed parts. Throws `TemplateError` naming every missing variable; `label` says which
 * template (e.g. `user_template of support-bot`).
 */
export function renderParts(parts: TemplatePart[], vars: TemplateVars, label: string): string {
  let out = ''
  let missing: string[] | undefined
  for (const part of parts) {
    if (part.kind === 'text') {
      out += part.value
      continue
    }
    const value = lookup(vars, part.name)
    if (value === undefined || value === null) (missing ??= []).push(part.name)
    else out += stringify(value)
  }
  if (missing) {
    throw new TemplateError(`${label}: missing variable${missing.length > 1 ? 's' : ''} ${missing.map(n => `\`${n}\``).join(', ')}`)
  }
  return out
}

/** Parses and renders in one step; throws on a syntax problem or a missing variable. */
export function renderTemplate(source: string, vars: TemplateVars, label = 'template'): string {
  const parsed = parseTemplate(source)
  const first = parsed.problems[0]
  if (first) throw new TemplateError(`${label}: ${first.message} (at character ${first.offset})`)
  return renderParts(parsed.parts, vars, label)
}
