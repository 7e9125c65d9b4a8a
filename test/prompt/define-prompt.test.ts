import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, definePrompt, loadPrompt, TemplateError } from 'vitest-llm'

const config = {
  id: 'support',
  model: 'gpt-4o-mini',
  params: { temperature: 0.2 },
  system_prompt: 'You help customers of {{company}}.',
  user_template: 'Question: {{question}}',
}

describe('definePrompt', () => {
  it('renders the system and user messages', () => {
    const prompt = definePrompt(config)
    expect(prompt.variables).toEqual(['company', 'question'])
    expect(prompt.render({ company: 'Acme', question: 'Where is my parcel?' })).toEqual([
      { role: 'system', content: 'You help customers of Acme.' },
      { role: 'user', content: 'Question: Where is my parcel?' },
    ])
  })

  it('builds a chat completion request with model and params', () => {
    expect(definePrompt(config).request({ company: 'Acme', question: 'Hi' })).toEqual({
      model: 'gpt-4o-mini',
      temperature: 0.2,
      messages: [{ role: 'system', content: 'You help customers of Acme.' }, { role: 'user', content: 'Question: Hi' }],
    })
  })

  it('throws on a missing variable, naming it', () => {
    expect(() => definePrompt(config).render({ company: 'Acme' })).toThrow(new TemplateError('prompt `support` user_template: missing variable `question`'))
  })

  it('throws on an unknown variable, naming it and the known ones', () => {
    expect(() => definePrompt(config).render({ company: 'Acme', question: 'q', questoin: 'typo' }))
      .toThrow(new TemplateError('prompt `support`: unknown variable `questoin`; the templates use `company`, `question`'))
  })

  it('rejects an invalid config with the field at fault', () => {
    expect(() => definePrompt({ ...config, user_template: 'Hi {{ }}' })).toThrow(ConfigError)
    expect(() => definePrompt({ ...config, user_template: 'Hi {{ }}' })).toThrow('prompt "support": `user_template`: empty variable name in `{{}}`')
  })

  it('loads a prompt file and locates problems in it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-prompt-'))
    const good = join(dir, 'good.prompt.yaml')
    await writeFile(good, 'id: greet\nmodel: gpt-4o-mini\nsystem_prompt: Be brief.\nuser_template: Hello {{name}}\n')
    expect((await loadPrompt(good)).render({ name: 'Ada' })[1]).toEqual({ role: 'user', content: 'Hello Ada' })

    const bad = join(dir, 'bad.prompt.yaml')
    await writeFile(bad, 'id: greet\nmodel: gpt-4o-mini\nsystem_prompt: Be brief.\nuser_template: Hello {{name\n')
    await expect(loadPrompt(bad)).rejects.toThrow(`${bad}:4:22: \`user_template\`: unclosed \`{{\``)
  })
})
