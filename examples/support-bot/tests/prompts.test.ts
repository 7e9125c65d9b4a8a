// Stages 1–2: fast and deterministic — no model is called.
import { describe, expect, it } from 'vitest'
import { loadPrompt, parseJson, ParseError, validatePromptFile } from 'vitest-llm/prompt'
import { Answer, promptFile } from '../src/support-bot.js'
import { formatContext, retrieve } from '../src/retrieve.js'

describe('prompt config', () => {
  it('is valid: fields, template syntax, declared variables, token budget', async () => {
    expect((await validatePromptFile(promptFile)).problems).toEqual([])
  })

  it('renders with the retrieved context, and the system prompt fits its budget', async () => {
    const prompt = await loadPrompt(promptFile)
    const passages = retrieve('How long does a refund take?', [
      { source: 'refunds.md', text: 'Refunds go to the original payment method within 5 business days.' },
      { source: 'contact.md', text: 'Support is open Monday to Friday.' },
    ])
    const [system, user] = prompt.render({ company: 'Acme', context: formatContext(passages), question: 'How long does a refund take?' })
    expect(system!.content).toContainAll(['Acme', '[source: refunds.md]', 'within 5 business days'])
    expect(system!.content).not.toContain('contact.md')
    expect(system!.content).toFitTokenLimit(400, { model: 'gpt-4o-mini' })
    expect(user!.content).toBe('Customer question: How long does a refund take?')
  })

  it('refuses to render with a missing or misspelled variable', async () => {
    const prompt = await loadPrompt(promptFile)
    expect(() => prompt.render({ company: 'Acme', question: 'q' })).toThrow('missing variable `context`')
    expect(() => prompt.render({ company: 'Acme', context: '', question: 'q', qestion: 'q' })).toThrow('unknown variable `qestion`')
  })
})

describe('output parsing', () => {
  it('parses a fenced JSON answer with prose around it', () => {
    const text = 'Here you go:\n```json\n{"answer": "Within 5 business days.", "sources": ["refunds.md"], "confidence": 0.9}\n```'
    expect(parseJson(text, Answer)).toEqual({ answer: 'Within 5 business days.', sources: ['refunds.md'], confidence: 0.9 })
    expect(text).toMatchSchema(Answer)
  })

  it('rejects an answer that breaks the schema, saying where', () => {
    expect(() => parseJson('{"answer": "", "sources": "refunds.md", "confidence": 2}', Answer)).toThrow(ParseError)
    expect('{"answer": "", "sources": "refunds.md", "confidence": 2}').not.toMatchSchema(Answer)
  })
})
