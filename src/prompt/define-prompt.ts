import { fsPromises } from '../util/builtins.js'
import { resolve } from 'node:path'
import { noteDependency } from '../util/watched-files.js'
import { ConfigError, TemplateError } from '../errors.js'
import { promptConfigSchema, type PromptConfig } from './prompt-config.js'
import { parseTemplate, renderParts, type TemplateVars } from './template.js'
import { validatePromptConfig, validatePromptSource } from './validate.js'

/** A rendered chat message. */
export interface PromptMessage {
  role: 'system' | 'user'
  content: string
}

/** A chat completion request body rendered from a prompt config: model, params and messages. */
export type PromptRequest = { model: string, messages: PromptMessage[] } & Record<string, unknown>

/** A prompt ready to render; see {@link definePrompt}. */
export interface Prompt {
  readonly config: PromptConfig
  /** Every variable the templates use (top-level names), in order of first use. */
  readonly variables: readonly string[]
  /** Renders the system and user messages. Throws `TemplateError` on a missing or unknown variable. */
  render(vars?: TemplateVars): PromptMessage[]
  /** The chat completion request body for these variables: model, params and messages. */
  request(vars?: TemplateVars): PromptRequest
}

/**
 * Validates a prompt config once and returns a renderer. Templates are parsed here, so each
 * `render` is a single pass over pre-split parts.
 *
 * @example
 * const prompt = definePrompt({ id: 'greet', model: 'gpt-4o-mini', system_prompt: 'Be brief.', user_template: 'Hi {{name}}' })
 * prompt.render({ name: 'Ada' }) // [{ role: 'system', ... }, { role: 'user', content: 'Hi Ada' }]
 */
export function definePrompt(config: PromptConfig): Prompt {
  const validation = validatePromptConfig(config)
  const problem = validation.root
  if (problem) throw new ConfigError(problem.message, { file: `prompt ${JSON.stringify((config as { id?: unknown }).id ?? '?')}` }, problem.field)
  return createPrompt(promptConfigSchema.parse(config))
}

/**
 * Reads, validates and defines a prompt from a `*.prompt.yaml` / `*.prompt.json` file. Throws a
 * `ConfigError` located in the file, reporting the root problem (`vitest-llm validate` lists all).
 */
export async function loadPrompt(file: string): Promise<Prompt> {
  noteDependency(resolve(file))
  let text: string
  try {
    text = await fsPromises().readFile(file, 'utf8')
  }
  catch (error) {
    throw new ConfigError(`cannot read the prompt config (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { file })
  }
  const validation = validatePromptSource(text, file)
  const problem = validation.root
  if (problem || !validation.config) {
    const more = validation.problems.length > 1 ? ` (${validation.problems.length - 1} more problem${validation.problems.length > 2 ? 's' : ''}: run \`vitest-llm validate\` to list them)` : ''
    throw new ConfigError(`${problem?.message ?? 'invalid prompt config'}${more}`, { file, line: problem?.line, column: problem?.column }, problem?.field)
  }
  return createPrompt(validation.config)
}

function createPrompt(config: PromptConfig): Prompt {
  const system = parseTemplate(config.system_prompt).parts
  const user = parseTemplate(config.user_template).parts
  const roots = new Set<string>()
  for (const part of [...system, ...user]) if (part.kind === 'var') roots.add(part.name.split('.')[0]!)
  const variables = [...roots]

  const render = (vars: TemplateVars = {}): PromptMessage[] => {
    for (const key in vars) {
      if (!roots.has(key)) {
        throw new TemplateError(`prompt \`${config.id}\`: unknown variable \`${key}\`; the templates use ${variables.map(v => `\`${v}\``).join(', ') || 'no variables'}`)
      }
    }
    return [
      { role: 'system', content: renderParts(system, vars, `prompt \`${config.id}\` system_prompt`) },
      { role: 'user', content: renderParts(user, vars, `prompt \`${config.id}\` user_template`) },
    ]
  }
  return {
    config,
    variables,
    render,
    request: vars => ({ model: config.model, ...config.params, messages: render(vars) }),
  }
}
