import { describe, expect, it } from 'vitest'
import { parseTemplate, renderTemplate, TemplateError } from 'vitest-llm/prompt'

describe('parseTemplate', () => {
  it('splits text and variables, allowing spaces and dotted names', () => {
    const parsed = parseTemplate('Hi {{ name }}, your order {{order.id}} is {{status}}.')
    expect(parsed.problems).toEqual([])
    expect(parsed.variables).toEqual(['name', 'order.id', 'status'])
  })

  it('reports each syntax problem with its offset', () => {
    const parsed = parseTemplate('a {{}} b {{1x}} c {{ok}} d {{open')
    expect(parsed.problems).toEqual([
      { offset: 2, message: 'empty variable name in `{{}}`' },
      { offset: 9, message: 'invalid variable name `1x`: use letters, digits and `_` (not starting with a digit), dots for nested fields' },
      { offset: 27, message: 'unclosed `{{`: expected `}}` after the variable name' },
    ])
    expect(parsed.variables).toEqual(['ok'])
  })

  it('treats `{{` before another `{{` as unclosed', () => {
    expect(parseTemplate('{{a {{b}}').problems).toEqual([{ offset: 0, message: 'unclosed `{{`: expected `}}` after the variable name' }])
  })

  it('keeps `\\{{` as a literal and ignores a stray `}}` (JSON examples)', () => {
    expect(renderTemplate('\\{{x}} {"a":{"b":1}} {{y}}', { y: 2 })).toBe('{{x}} {"a":{"b":1}} 2')
  })
})

describe('renderTemplate', () => {
  it('renders strings, numbers, booleans, objects and nested fields', () => {
    expect(renderTemplate('{{a}}|{{b}}|{{c}}|{{d}}|{{e.f}}', { a: 'x', b: 3, c: false, d: { k: 1 }, e: { f: 'deep' } })).toBe('x|3|false|{"k":1}|deep')
  })

  it('names every missing variable', () => {
    expect(() => renderTemplate('{{a}} {{b}} {{c}}', { b: 1 }, 'greeting')).toThrow(new TemplateError('greeting: missing variables `a`, `c`'))
  })
})
