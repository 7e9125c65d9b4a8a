import { describe, expect, it } from 'vitest'
import { fixture, runCli } from '../helpers/run-vitest.js'
import { CHAT_COMPLETION_PARAMS } from '../../src/prompt/chat-params.js'

const dir = fixture('prompts')

describe('vitest-llm validate', () => {
  it('passes good YAML and JSON configs with a one-line summary', async () => {
    const run = await runCli(['validate', 'good/*'], dir)
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('✔ 2 prompt configs valid\n')
  })

  it('prints one file:line:col line per problem of every kind and exits 1', async () => {
    const run = await runCli(['validate', 'bad/*'], dir)
    expect(run.code).toBe(1)
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      'bad/default-limit.prompt.yaml:3:16  system_prompt: system prompt is 4500 tokens (counted with cl100k_base: model `my-local-llama` is unknown to tiktoken), over the limit of 4000 (the default; set `max_tokens` to change it)',
      'bad/json-syntax.prompt.json:5:3  JSON syntax error: Missing , between flow map items',
      'bad/missing-field.prompt.yaml:1:1  model: required field `model` is missing (expected string)',
      'bad/template.prompt.yaml:5:9  system_prompt: empty variable name in `{{}}`',
      'bad/template.prompt.yaml:8:12  user_template: invalid variable name `con-text`: use letters, digits and `_` (not starting with a digit), dots for nested fields',
      'bad/template.prompt.yaml:9:12  user_template: unclosed `{{`: expected `}}` after the variable name',
      'bad/too-long.prompt.yaml:4:16  system_prompt: system prompt is 60 tokens (o200k_base), over the limit of 20 (`max_tokens`)',
      'bad/unknown-field.prompt.yaml:5:1  temprature: unknown field `temprature` (did you mean `params.temperature`?); expected only id, version, model, params, system_prompt, user_template, max_tokens, variables',
      'bad/variables.prompt.yaml:5:5  variables: variable `locale` is declared but used in neither `system_prompt` nor `user_template`',
      'bad/variables.prompt.yaml:6:30  system_prompt: variable `language` is used but not declared in `variables` (declared: `question`, `locale`)',
      'bad/wrong-type.prompt.json:6:17  max_tokens: expected number, received string',
      'bad/yaml-syntax.prompt.yaml:3:33  YAML syntax error: Missing closing "quote',
    ])
    expect(run.stderr).toBe('✖ 12 problems in 9 of 9 prompt configs\n')
  })

  it('uses **/*.prompt.{yaml,yml,json} by default', async () => {
    const run = await runCli(['validate'], dir)
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('✖ 12 problems in 9 of 11 prompt configs\n')
  })

  it('fails when no file matches, rather than passing on nothing', async () => {
    const run = await runCli(['validate', 'nothing/*.prompt.yaml'], dir)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('no prompt config matched nothing/*.prompt.yaml')
  })

  it('a YAML alias bomb is a located problem of its file; BOM files and the other files are still validated', async () => {
    const run = await runCli(['validate', '*'], fixture('prompt-hardening'))
    expect(run.code).toBe(1)
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      'bomb.prompt.yaml:7:8  YAML syntax error: aliases expand to too many nodes (more than 100 alias uses): refusing the file as a resource-exhaustion risk; write the values out instead of nesting aliases',
      `typo-params.prompt.yaml:4:3  params.temprature: unknown chat completion parameter \`temprature\` (did you mean \`temperature\`?); expected one of ${CHAT_COMPLETION_PARAMS.join(', ')}`,
    ])
    expect(run.stderr).toBe('✖ 2 problems in 2 of 4 prompt configs\n')
  })

  it('reports an unknown command with usage and exit 2', async () => {
    const run = await runCli(['frobnicate'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('unknown command `frobnicate`')
  })
})
