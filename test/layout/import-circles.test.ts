// The structure has no import circles: imports between folders (pipeline stages and leaves)
// run one way, and so do imports between files, type-only imports included.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without types
import { circles, importGraph } from '../../scripts/import-circles.mjs'
import { root } from '../helpers/run-vitest.js'

type Graph = Map<string, Set<string>>
const graph = (dir: string) => importGraph(dir) as { fileEdges: Graph, folderEdges: Graph }

describe('import circles', () => {
  it('src/ has none, between folders or between files', () => {
    const { fileEdges, folderEdges } = graph(join(root, 'src'))
    expect(fileEdges.size).toBeGreaterThan(50)
    expect(circles(folderEdges)).toEqual([])
    expect(circles(fileEdges)).toEqual([])
  })

  it('finds a circle made by a type-only import between two folders', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-circles-'))
    await mkdir(join(dir, 'a'))
    await mkdir(join(dir, 'b'))
    await writeFile(join(dir, 'a', 'x.ts'), `import { y } from '../b/y.js'\nexport const x = y\n`)
    await writeFile(join(dir, 'b', 'y.ts'), `import type { Z } from '../a/z.js'\nexport const y: Z = 1\n`)
    await writeFile(join(dir, 'a', 'z.ts'), `export type Z = number\n`)
    const { fileEdges, folderEdges } = graph(dir)
    expect(circles(folderEdges).map((c: string[]) => c.sort())).toEqual([['a', 'b']])
    expect(circles(fileEdges)).toEqual([])
  })
})
