import { describe, expect, it } from 'vitest'
import { parseJson, ParseError } from 'vitest-llm'
import { z } from 'zod'

const Answer = z.object({ answer: z.string(), confidence: z.number().min(0).max(1) })

function parseError(fn: () => unknown): ParseError {
  try {
    fn()
  }
  catch (error) {
    if (error instanceof ParseError) return error
    throw error
  }
  throw new Error('expected a ParseError')
}

describe('parseJson', () => {
  it('parses bare JSON', () => {
    expect(parseJson('  {"answer": "42", "confidence": 0.9}\n', Answer)).toEqual({ answer: '42', confidence: 0.9 })
  })

  it('parses a ```json fence with prose around it', () => {
    const text = 'Here you go:\n```json\n{"answer": "Paris", "confidence": 1}\n```\nHope it helps.'
    expect(parseJson(text, Answer)).toEqual({ answer: 'Paris', confidence: 1 })
  })

  it('parses an unlabelled fence and an array', () => {
    expect(parseJson('```\n[1, 2, 3]\n```')).toEqual([1, 2, 3])
  })

  it('finds a bracketed value inside prose, with braces inside strings', () => {
    expect(parseJson('Sure! {"answer": "use {curly} braces", "confidence": 0.5} — done', Answer))
      .toEqual({ answer: 'use {curly} braces', confidence: 0.5 })
  })

  it('skips a non-JSON bracket and takes the next one', () => {
    expect(parseJson('Options [a] or {"answer": "b", "confidence": 0.1}', Answer)).toEqual({ answer: 'b', confidence: 0.1 })
  })

  it('without a schema returns whatever JSON it finds', () => {
    expect(parseJson('true')).toBe(true)
  })

  it('reports zod issues with their paths when the JSON does not match', () => {
    const error = parseError(() => parseJson('{"answer": 42, "confidence": 3}', Answer))
    expect(error.message).toBe('JSON in the output does not match the schema:\n  - answer: Invalid input: expected string, received number\n  - confidence: Too big: expected number to be <=1')
    expect(error.issues.map(i => i.path)).toEqual([['answer'], ['confidence']])
    expect(error.raw).toBe('{"answer": 42, "confidence": 3}')
    expect(error.code).toBe('E_PARSE')
  })

  it('reports the position of truncated JSON', () => {
    const text = 'Result: {"answer": "Par'
    const error = parseError(() => parseJson(text, Answer))
    expect(error.position).toBe(23)
    expect(error.message).toMatch(/^invalid JSON in the output at position 23: Unterminated string in JSON at position 15/)
    expect(error.raw).toBe(text)
  })

  it('says when there is no JSON at all', () => {
    const error = parseError(() => parseJson('I cannot help with that.'))
    expect(error.message).toBe('no JSON found in the output: "I cannot help with that."')
  })
})
