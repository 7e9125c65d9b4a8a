// Small JSONL files are read whole and split, large ones streamed: both give the same records,
// lines and problems (CRLF and CR line ends, a BOM, blank lines, a bad line).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { jsonlReader, type RawRecord } from '../../src/golden/read-records.js'
import type { GoldenProblem } from '../../src/golden/golden-error.js'

async function read(text: string, readWholeBytes: number) {
  const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-jsonl-'))
  try {
    await writeFile(join(dir, 'set.jsonl'), text)
    const records: RawRecord[] = []
    const problems: GoldenProblem[] = []
    await jsonlReader(readWholeBytes)(join(dir, 'set.jsonl'), 'set.jsonl', r => records.push(r), problems)
    return { records, problems }
  }
  finally {
    await rm(dir, { recursive: true, force: true })
  }
}

describe('readJsonl', () => {
  it('reads a file whole or streamed with the same records, lines and problems', async () => {
    const text = '\uFEFF{"a":1}\r\n\r\n{"a":2}\n{oops}\r{"a":3}\n\n'
    const whole = await read(text, Infinity)
    const streamed = await read(text, 0)
    expect(whole).toEqual(streamed)
    expect(whole.records).toEqual([{ value: { a: 1 }, line: 1 }, { value: { a: 2 }, line: 3 }, { value: { a: 3 }, line: 5 }])
    expect(whole.problems).toMatchObject([{ file: 'set.jsonl', line: 4 }])
  })
})
