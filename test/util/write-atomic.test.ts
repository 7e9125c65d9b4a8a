import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import fs from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { writeFileAtomic } from '../../src/util/write-atomic.js'

describe('writeFileAtomic', () => {
  afterEach(() => vi.restoreAllMocks())

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

  it('keeps writing after a write that stopped part-way (a full disk reports how far it got)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-write-'))
    const real = fs.writev.bind(fs)
    // At most 7 bytes a call, as a write cut short by the system would report.
    const writev = vi.spyOn(fs, 'writev').mockImplementation(((fd: number, buffers: Uint8Array[], callback: (error: Error | null, written: number) => void) =>
      real(fd, [Buffer.concat(buffers).subarray(0, 7)], callback)) as unknown as typeof fs.writev)
    await writeFileAtomic(join(dir, 'short.json'), ['{"cases":', Buffer.from('[1,2,3]'), '', '}\n'])
    expect(await readFile(join(dir, 'short.json'), 'utf8')).toBe('{"cases":[1,2,3]}\n')
    expect(writev.mock.calls.length).toBe(3)
  })

  it('a write that fails part-way rejects, leaves the old file and no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-write-'))
    const file = join(dir, 'report.json')
    await writeFile(file, 'old')
    const real = fs.writev.bind(fs)
    let calls = 0
    vi.spyOn(fs, 'writev').mockImplementation(((fd: number, buffers: Uint8Array[], callback: (error: Error | null, written: number) => void) => {
      if (calls++ === 0) return real(fd, [Buffer.concat(buffers).subarray(0, 5)], callback)
      callback(Object.assign(new Error('EFBIG: file too large, write'), { code: 'EFBIG' }), 0)
    }) as unknown as typeof fs.writev)
    await expect(writeFileAtomic(file, ['a much longer ', Buffer.from('new report')])).rejects.toMatchObject({ code: 'EFBIG' })
    expect(await readFile(file, 'utf8')).toBe('old')
    expect(await readdir(dir)).toEqual(['report.json'])
  })

  it('a failed rename leaves the old file and no temp file', async () => {
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
