import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { GoldenError, loadGolden } from 'vitest-llm'

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-golden-hardening-'))
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
  return dir
}

async function problems(dir: string, globs: string | string[]): Promise<string[]> {
  const error = await loadGolden(globs, { cwd: dir }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(GoldenError)
  return (error as GoldenError).problems.map(p => `${p.file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.message}`)
}

const BOM = '\uFEFF'

describe('loadGolden: a UTF-8 byte order mark', () => {
  it('is ignored in JSONL, JSON, YAML and CSV files, with lines unchanged', async () => {
    const dir = await folder({
      'a.jsonl': `${BOM}{"id": "j1", "input": "hi", "expected": "hello"}\n{"id": "j2", "input": "yo", "must_contain": "yo"}\n`,
      'b.json': `${BOM}[\n  {"id": "js1", "input": "q", "exact_match": "a"}\n]\n`,
      'c.yaml': `${BOM}- id: y1\n  input: q\n  must_not_contain: sorry\n`,
      'd.csv': `${BOM}id,input,expected\nc1,q,a\n`,
    })
    const examples = await loadGolden('*.{jsonl,json,yaml,csv}', { cwd: dir })
    expect(examples.map(e => `${e.id}@${e.source.file}:${e.source.line}`)).toEqual(['j1@a.jsonl:1', 'j2@a.jsonl:2', 'js1@b.json:2', 'y1@c.yaml:1', 'c1@d.csv:2'])
  })

  it('still locates problems after a BOM', async () => {
    const dir = await folder({ 'a.yaml': `${BOM}- id: y1\n  input: q\n  expected: a\n  weight: heavy\n` })
    expect(await problems(dir, 'a.yaml')).toEqual(['a.yaml:4: weight: expected number, received string'])
  })
})

describe('loadGolden: an example without a check', () => {
  it('is a load error at its line, not a runtime miss', async () => {
    const dir = await folder({
      'a.jsonl': '{"id": "ok", "input": "France", "expected": "Paris"}\n{"id":"spain","input":"Spain"}\n',
      'b.yaml': '- id: fine\n  input: q\n  must_contain: x\n- id: bare\n  input: q\n  tags: [t]\n',
    })
    const message = 'the example has no check: add at least one of expected, exact_match, must_contain, must_not_contain, criteria'
    expect(await problems(dir, ['a.jsonl', 'b.yaml'])).toEqual([`a.jsonl:2: ${message}`, `b.yaml:4: ${message}`])
  })

  it('a typo in its only check is reported once, as the typo with the nearest field', async () => {
    const dir = await folder({ 'a.jsonl': '{"id": "x", "input": "q", "must_contian": ["a"]}\n{"id": "y", "input": "q", "expectd": "a", "tgas": ["t"]}\n' })
    expect(await problems(dir, 'a.jsonl')).toEqual([
      'a.jsonl:1: must_contian: unknown field (did you mean `must_contain`?); expected id, input, expected, exact_match, must_contain, must_not_contain, criteria, tags, weight, metadata (put extra data under metadata)',
      'a.jsonl:2: expectd, tgas: unknown fields (did you mean `expected` for `expectd`, `tags` for `tgas`?); expected id, input, expected, exact_match, must_contain, must_not_contain, criteria, tags, weight, metadata (put extra data under metadata)',
    ])
  })
})
