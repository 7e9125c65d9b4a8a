import { chmod, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { GoldenError, loadGolden } from 'vitest-llm'
import { z } from 'zod'

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-golden-load-'))
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
  return dir
}

async function problems(dir: string, globs: string | string[], schema?: z.ZodType): Promise<string[]> {
  const error = await loadGolden(globs, { cwd: dir, schema }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(GoldenError)
  return (error as GoldenError).message.split('\n').filter(line => !line.endsWith('problems in golden files:'))
}

describe('loadGolden: formats', () => {
  it('reads JSONL, JSON, YAML and CSV into the same examples', async () => {
    const dir = await folder({
      'a.jsonl': '{"id": "j1", "input": "hi", "must_contain": ["hello"], "tags": ["x"]}\n\n{"input": {"name": "Ada"}, "expected": "Hi Ada"}\n',
      'b.json': JSON.stringify([{ id: 'js1', input: 'q', exact_match: 'a', weight: 2 }], null, 2),
      'c.yaml': '- id: y1\n  input: q\n  must_not_contain: sorry\n  criteria: { accuracy: 4 }\n',
      'd.csv': 'id,input,expected,must_contain,tags,weight,metadata\nc1,"What, exactly?",Yes,a|b,x|y,1.5,"{""k"": 1}"\nc2,"{""name"": ""Bo""}",,Bo,,,\n',
    })
    const examples = await loadGolden('*.{jsonl,json,yaml,csv}', { cwd: dir })
    expect(examples.map(e => e.id)).toEqual(['j1', expect.stringMatching(/^[0-9a-f]{12}$/), 'js1', 'y1', 'c1', 'c2'])
    expect(examples[0]).toMatchObject({ input: 'hi', must_contain: ['hello'], tags: ['x'], source: { file: 'a.jsonl', line: 1 } })
    expect(examples[1]).toMatchObject({ input: { name: 'Ada' }, expected: 'Hi Ada', source: { file: 'a.jsonl', line: 3 } })
    expect(examples[2]).toMatchObject({ exact_match: 'a', weight: 2, source: { file: 'b.json', line: 2 } })
    expect(examples[3]).toMatchObject({ must_not_contain: ['sorry'], criteria: { accuracy: 4 } })
    expect(examples[4]).toMatchObject({ input: 'What, exactly?', expected: 'Yes', must_contain: ['a', 'b'], tags: ['x', 'y'], weight: 1.5, metadata: { k: 1 }, source: { file: 'd.csv', line: 2 } })
    expect(examples[5]).toMatchObject({ input: { name: 'Bo' }, must_contain: ['Bo'] })
  })

  it('derives the same id from the same content, whatever the file or order', async () => {
    const one = await folder({ 'a.jsonl': '{"input": "hi", "expected": "hello", "tags": ["x"]}\n' })
    const two = await folder({ 'b.yaml': '- tags: [y]\n  expected: hello\n  input: hi\n' })
    const [a] = await loadGolden('a.jsonl', { cwd: one })
    const [b] = await loadGolden('b.yaml', { cwd: two })
    expect(a!.id).toBe(b!.id)
  })

  it('applies a user schema on top', async () => {
    const dir = await folder({ 'a.jsonl': '{"id": "1", "input": {"name": "Ada"}, "expected": "Hi Ada"}\n{"id": "2", "input": {"nom": "Bo"}, "expected": "Hi Bo"}\n' })
    expect(await problems(dir, 'a.jsonl', z.object({ input: z.object({ name: z.string() }) }))).toEqual([
      'a.jsonl:2: input.name: required; expected string',
    ])
  })
})

describe('loadGolden: bad input names file, line and field', () => {
  it('bad JSON lines, missing input, wrong types, unknown fields', async () => {
    const dir = await folder({
      'bad.jsonl': [
        '{"id": "ok", "input": "fine", "expected": "x"}',
        '{"id": "broken", "input": ',
        '{"id": "no-input", "expected": "x"}',
        '{"id": "types", "input": "q", "must_contain": 3, "weight": -1}',
        '{"id": "typo", "input": "q", "must_contians": ["x"]}',
        '{"id": "exact", "input": "q", "exact_match": true}',
        '{"id": "exact-number", "input": "q", "exact_match": 5, "criteria": 4}',
      ].join('\n'),
    })
    expect(await problems(dir, 'bad.jsonl')).toEqual([
      'bad.jsonl:2: invalid JSON: Unexpected end of JSON input',
      'bad.jsonl:3: input: required; expected a string or an object of template variables',
      'bad.jsonl:4: must_contain: expected a string or a list of strings',
      'bad.jsonl:4: weight: Too small: expected number to be >0',
      'bad.jsonl:5: must_contians: unknown field (did you mean `must_contain`?); expected id, input, expected, exact_match, must_contain, must_not_contain, criteria, tags, weight, metadata (put extra data under metadata)',
      'bad.jsonl:6: exact_match: `exact_match: true` needs `expected`',
      'bad.jsonl:7: exact_match: expected a string, or `true` to compare with `expected`',
      'bad.jsonl:7: criteria: expected a rubric string, a list of criterion names, or { name: minScore }',
    ])
  })

  it('locates fields of YAML and JSON lists on their own lines', async () => {
    const dir = await folder({
      'a.yaml': '- id: one\n  input: q\n  expected: a\n- id: two\n  input: q\n  expected: a\n  weight: heavy\n',
      'b.json': '[\n  {"id": "x", "input": "q", "expected": "a"},\n  {"id": "y",\n   "input": 5, "expected": "a"}\n]\n',
      'c.yaml': 'id: not-a-list\ninput: q\n',
    })
    expect(await problems(dir, ['a.yaml', 'b.json', 'c.yaml'])).toEqual([
      'a.yaml:7: weight: expected number, received string',
      'b.json:4: input: expected a string or an object of template variables',
      'c.yaml:1: expected a list of examples at the top level, received object',
    ])
  })

  it('duplicate ids across files name both places', async () => {
    const dir = await folder({ 'a.jsonl': '{"id": "dup", "input": "1", "expected": "x"}\n', 'b.yaml': '- id: other\n  input: "2"\n  expected: x\n- id: dup\n  input: "3"\n  expected: x\n' })
    expect(await problems(dir, '*.{jsonl,yaml}')).toEqual(['b.yaml:4: id: duplicate id "dup", already used at a.jsonl:1'])
  })

  it('unreadable files, missing files and globs that match nothing', async () => {
    const dir = await folder({ 'locked.jsonl': '{"input": "q", "expected": "a"}\n', 'x.txt': 'hello' })
    await chmod(join(dir, 'locked.jsonl'), 0o000)
    const expected = process.getuid?.() === 0 ? [] : ['locked.jsonl: cannot read the file (EACCES)'] // root reads anything
    const found = await loadGolden(['locked.jsonl'], { cwd: dir }).then(() => [], (e: GoldenError) => e.message.split('\n'))
    expect(found).toEqual(expected)
    expect(await problems(dir, ['missing.jsonl', 'none/*.jsonl', 'x.txt'])).toEqual([
      'missing.jsonl: cannot read the file (ENOENT)',
      'none/*.jsonl: no golden file matches this pattern',
      'x.txt: unsupported file type: expected .jsonl, .json, .yaml, .yml or .csv',
    ])
  })
})

describe('loadGolden: scale', () => {
  it('streams a 100k-line JSONL file', async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => JSON.stringify({ id: `e${i}`, input: `question ${i}`, must_contain: ['answer'], tags: [i % 2 ? 'odd' : 'even'] }))
    const dir = await folder({ 'big.jsonl': `${lines.join('\n')}\n` })
    const examples = await loadGolden('big.jsonl', { cwd: dir })
    expect(examples).toHaveLength(100_000)
    expect(examples[99_999]).toMatchObject({ id: 'e99999', source: { line: 100_000 } })
  })
})
