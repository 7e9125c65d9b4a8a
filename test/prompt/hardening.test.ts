import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadPrompt } from 'vitest-llm/prompt'
import { validatePromptFile, validatePromptSource } from '../../src/prompt/validate.js'

const BOMB = [
  'id: bomb',
  'model: gpt-4o-mini',
  'system_prompt: hi',
  'user_template: "{{q}}"',
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  '',
].join('\n')

const ALIAS_MESSAGE = 'YAML syntax error: aliases expand to too many nodes (more than 100 alias uses): refusing the file as a resource-exhaustion risk; write the values out instead of nesting aliases'

async function file(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-prompt-hardening-'))
  await writeFile(join(dir, name), text)
  return join(dir, name)
}

describe('prompt configs: byte order mark', () => {
  it('a UTF-8 BOM before YAML or JSON is ignored, positions stay right', async () => {
    const yaml = await file('a.prompt.yaml', '\uFEFFid: greet\nmodel: gpt-4o-mini\nsystem_prompt: Be brief.\nuser_template: Hello {{name}}\n')
    expect((await validatePromptFile(yaml)).problems).toEqual([])
    expect((await loadPrompt(yaml)).render({ name: 'Ada' })[1]!.content).toBe('Hello Ada')
    const json = await file('b.prompt.json', `\uFEFF${JSON.stringify({ id: 'j', model: 'gpt-4o-mini', system_prompt: 'x', user_template: '{{q}' }, null, 2)}`)
    expect((await validatePromptFile(json)).problems).toEqual([
      { file: json, line: 5, column: 21, field: 'user_template', message: 'unclosed `{{`: expected `}}` after the variable name' },
    ])
  })
})

describe('prompt configs: YAML alias bomb', () => {
  it('is a located problem of that file, not a crash', async () => {
    const path = await file('bomb.prompt.yaml', BOMB)
    expect((await validatePromptFile(path)).problems).toEqual([{ file: path, line: 6, column: 8, message: ALIAS_MESSAGE }])
  })

  it('loadPrompt throws a ConfigError naming the file', async () => {
    const path = await file('bomb.prompt.yaml', BOMB)
    const error = await loadPrompt(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toBe(`${path}:6:8: ${ALIAS_MESSAGE}`)
  })
})

describe('prompt configs: typos', () => {
  it('checks params against the chat completion parameters and suggests the nearest', () => {
    const { problems } = validatePromptSource('id: a\nmodel: gpt-4o-mini\nparams:\n  temprature: 0.2\n  top_p: 1\n  messages: []\nsystem_prompt: x\nuser_template: y\n', 'a.prompt.yaml')
    expect(problems.map(p => `${p.line}:${p.column} ${p.field}: ${p.message}`)).toEqual([
      '4:3 params.temprature: unknown chat completion parameter `temprature` (did you mean `temperature`?); expected one of temperature, top_p, max_tokens, max_completion_tokens, n, stop, presence_penalty, frequency_penalty, logit_bias, logprobs, top_logprobs, seed, response_format, tools, tool_choice, parallel_tool_calls, user, stream, stream_options, reasoning_effort, verbosity, service_tier, store, metadata, modalities, audio, prediction, web_search_options, prompt_cache_key, safety_identifier, top_k, min_p, repetition_penalty',
      '6:3 params.messages: `messages` cannot be set in `params`: the messages are rendered from `system_prompt` and `user_template`',
    ])
  })

  it('suggests the nearest field for an unknown one, and a misplaced param under params', () => {
    const { problems } = validatePromptSource('id: a\nmodle: gpt-4o-mini\nsystem_prompt: x\nuser_template: y\nseed: 3\n', 'a.prompt.yaml')
    expect(problems.map(p => `${p.line}:${p.column} ${p.field}: ${p.message}`)).toEqual([
      '2:1 modle: unknown field `modle` (did you mean `model`?); expected only id, version, model, params, system_prompt, user_template, max_tokens, variables',
      '5:1 seed: unknown field `seed` (did you mean `params.seed`?); expected only id, version, model, params, system_prompt, user_template, max_tokens, variables',
    ])
  })

  it('reports the templates\' problems beside the schema\'s, not only once the schema is fixed', () => {
    const { problems, root } = validatePromptSource('id: bad\nmodel: gpt-4o-mini\nextra_field: 1\nsystem_prompt: "Hi {{con-text}}"\nuser_template: "What is {{unused"\nvariables: [topic]\n', 'bad.prompt.yaml')
    expect(problems.map(p => `${p.line} ${p.field}`)).toEqual(['3 extra_field', '4 system_prompt', '5 user_template', '6 variables'])
    expect(problems[1]!.message).toMatch(/con-text/)
    expect(root!.field).toBe('extra_field')
    // A template the schema rejected (not a string) is the schema's problem alone.
    const typed = validatePromptSource('id: a\nmodel: m\nsystem_prompt: 3\nuser_template: "{{x"\n', 'a.prompt.yaml')
    expect(typed.problems.map(p => p.field)).toEqual(['system_prompt', 'user_template'])
  })

  it('loadPrompt reports the root problem, not a follow-on one', async () => {
    // The broken template is the cause; `q` declared but unused follows from it (and is earlier in the file).
    const broken = await file('a.prompt.yaml', 'id: a\nmodel: gpt-4o-mini\nvariables: [q]\nsystem_prompt: x\nuser_template: "{{q}"\n')
    expect((await validatePromptFile(broken)).problems.map(p => p.line)).toEqual([3, 5])
    await expect(loadPrompt(broken)).rejects.toThrow(new ConfigError('unclosed `{{`: expected `}}` after the variable name (1 more problem: run `vitest-llm validate` to list them)', { file: broken, line: 5, column: 17 }, 'user_template'))
    // A typo'd required field is reported as the typo, not as the missing field.
    const typo = await file('b.prompt.yaml', 'id: a\nmodle: gpt-4o-mini\nsystem_prompt: x\nuser_template: y\n')
    await expect(loadPrompt(typo)).rejects.toThrow(`${typo}:2:1: \`modle\`: unknown field \`modle\` (did you mean \`model\`?); expected only id,`)
  })

  it('a missing file is a ConfigError naming it', async () => {
    await expect(loadPrompt('/nonexistent/x.prompt.yaml')).rejects.toThrow(new ConfigError('cannot read the prompt config (ENOENT)', { file: '/nonexistent/x.prompt.yaml' }))
  })
})
