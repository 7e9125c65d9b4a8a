/**
 * The package's error classes. Every error we throw on purpose is a `VitestLlmError` with a
 * stable `code`, so callers can branch on it without parsing messages. The guards use a symbol
 * brand instead of `instanceof` because Vitest may load this module more than once (config
 * loader, workers), and an error made in one realm must still be recognised in another.
 */

const brand = Symbol.for('vitest-llm.error')

/** Stable machine-readable error codes. */
export type ErrorCode =
  | 'E_CONFIG'
  | 'E_OPTIONS'
  | 'E_PARSE'
  | 'E_TEMPLATE'
  | 'E_GOLDEN'
  | 'E_LLM'
  | 'E_CACHE'
  | 'E_JUDGE'
  | 'E_GOLDEN_MISS'
  | 'E_TRIALS'
  | 'E_BASELINE'
  | 'E_REPORT'
  | 'E_DEPLOY_DATA'

/** Base class of every error this package throws on purpose. */
export class VitestLlmError extends Error {
  readonly code: ErrorCode
  readonly [brand] = true

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'VitestLlmError'
    this.code = code
  }

  /** True for any error of this package, whichever copy of the module created it. */
  static is(value: unknown): value is VitestLlmError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true
  }
}

/** Where in a file a problem is: 1-based line and column. */
export interface SourceLocation {
  file?: string
  line?: number
  column?: number
}

/** Formats `file:line:col` with whichever parts are known. */
export function formatLocation(location: SourceLocation): string {
  const parts = [location.file ?? '<input>']
  if (location.line !== undefined) parts.push(String(location.line))
  if (location.line !== undefined && location.column !== undefined) parts.push(String(location.column))
  return parts.join(':')
}

/** A user file (prompt config, golden set) that cannot be used as written. */
export class ConfigError extends VitestLlmError {
  readonly location: SourceLocation
  readonly field: string | undefined

  constructor(message: string, location: SourceLocation = {}, field?: string) {
    super('E_CONFIG', `${formatLocation(location)}: ${field ? `\`${field}\`: ` : ''}${message}`)
    this.name = 'ConfigError'
    this.location = location
    this.field = field
  }
}

/** Plugin options that do not match the documented shape. */
export class OptionsError extends VitestLlmError {
  constructor(message: string) {
    super('E_OPTIONS', message)
    this.name = 'OptionsError'
  }
}

/** A template that cannot be rendered with the given variables. */
export class TemplateError extends VitestLlmError {
  constructor(message: string) {
    super('E_TEMPLATE', message)
    this.name = 'TemplateError'
  }
}
