import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../src/util/write-atomic.js'

describe('writeFileAtomic', () => {
  it('writes a file from pieces, strings and bytes in order, replacing the old one and leaving no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-write-'))
    const file = join(dir, 'sub', 'report.json')
    await writeFileAtomic(file, 'old')
    const shared = Buffer.from('ünïcode, shared ')
    await writeFileAtomic(file, ['{"a":', shared, new Uint8Array([0x31, 0x7D]), ''])
    expect(await readFile(file, 'utf8')).toBe('{"a":ünïcode, shared 1}')
    // The same bytes serve a second file unchanged.
    await writeFileAtomic(join(dir, 'sub', 'page.html'), ['<', shared, '>'])
    expect(await readFile(join(dir, 'sub', 'page.html'), 'utf8')).toBe('<ünïcode, shared >')
    expect((await readdir(join(dir, 'sub'))).sort()).toEqual(['page.html', 'report.json'])
  })

  it('writes thousands of pieces whole (more than one writev can take at once)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-write-'))
    const pieces = Array.from({ length: 5000 }, (_, i) => i % 2 ? `${i},` : Buffer.from(`${i},`))
    await writeFileAtomic(join(dir, 'many.txt'), pieces)
    expect(await readFile(join(dir, 'many.txt'), 'utf8')).toBe(Array.from({ length: 5000 }, (_, i) => `${i},`).join(''))
  })

  it('a failed write leaves the old file and no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-write-'))
    const file = join(dir, 'report.json')
    await writeFile(file, 'old')
    // A directory where the file should be: the rename fails after the temp file is written.
    await expect(writeFileAtomic(dir, ['new'])).rejects.toThrow()
    expect(await readFile(file, 'utf8')).toBe('old')
    expect(await readdir(dir)).toEqual(['report.json'])
    // The temp file was written beside the target, in its parent: removed again.
    expect((await readdir(dirname(dir))).filter(f => f.startsWith(`${basename(dir)}.`))).toEqual([])
  })
})
