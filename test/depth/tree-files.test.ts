// The tree walk and plain globs find exactly what fast-glob finds with the same patterns and ignores.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import fastGlob from 'fast-glob'
import { afterAll, describe, expect, it } from 'vitest'
import { findPromptFiles, plainGlob, treeFiles } from '../../src/depth/tree-files.js'
import { TREE_IGNORE } from '../../src/depth/fingerprints.js'

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map(dir => rm(dir, { recursive: true, force: true }))))

/** A tree with prompt configs, golden and docs files, ignored folders, dot files and symlinks. */
async function tree(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'vitest-llm-prompts-'))
  const outside = await mkdtemp(join(tmpdir(), 'vitest-llm-linked-'))
  dirs.push(root, outside)
  const files = [
    'a.prompt.yaml', 'b.prompt.yml', 'c.prompt.json', 'd.prompt.txt', 'prompt.yaml', 'e.PROMPT.yaml', '.hidden.prompt.yaml',
    'src/prompts/answer.prompt.yaml', 'src/deep/er/x.prompt.json', 'src/dist/skipped.prompt.yaml', 'dist/skipped.prompt.yaml',
    'node_modules/pkg/skipped.prompt.yaml', 'src/node_modules/skipped.prompt.yaml', '.git/skipped.prompt.yaml', 'src/.cache/skipped.prompt.yaml',
    'distant/kept.prompt.yaml', 'a folder/with space.prompt.yaml',
    'golden/support.jsonl', 'evals/golden/billing/cases.csv', 'evals/golden/notes.md', 'golden.jsonl', 'data/golden/x.yaml',
    'docs/a.md', 'docs/guide/b.md', 'docs/guide/c.txt', 'abc.txt', 'a1c.txt', 'ac.txt', 'data/v1.2/file (1).json', 'data/a+b.txt',
  ]
  for (const file of files) {
    await mkdir(dirname(join(root, file)), { recursive: true })
    await writeFile(join(root, file), 'id: x\n')
  }
  await mkdir(join(outside, 'nested'), { recursive: true })
  await writeFile(join(outside, 'nested', 'linked.prompt.yaml'), 'id: y\n')
  await symlink(outside, join(root, 'linked'))
  await symlink(join(root, 'a.prompt.yaml'), join(root, 'alias.prompt.yaml'))
  return root
}

describe('findPromptFiles', () => {
  it('matches fast-glob on **/*.prompt.{yaml,yml,json} with the tree ignores', async () => {
    const root = await tree()
    const expected = (await fastGlob('**/*.prompt.{yaml,yml,json}', { cwd: root, ignore: TREE_IGNORE })).sort()
    expect(findPromptFiles(root)).toEqual(expected)
    expect(expected).toContain('linked/nested/linked.prompt.yaml')
    expect(expected).toContain('distant/kept.prompt.yaml')
    expect(expected).not.toContain('dist/skipped.prompt.yaml')
  })

  it('lists every file fast-glob lists for **', async () => {
    const root = await tree()
    expect(treeFiles(root)).toEqual((await fastGlob('**', { cwd: root, ignore: TREE_IGNORE })).sort())
  })

  it('is empty for a missing folder', () => {
    expect(findPromptFiles(join(tmpdir(), 'vitest-llm-no-such-folder'))).toEqual([])
  })
})

describe('plainGlob', () => {
  it('matches what fast-glob matches, for every glob it accepts', async () => {
    const root = await tree()
    const files = treeFiles(root)
    const globs = ['**/golden/**/*.{jsonl,json,yaml,yml,csv}', 'docs/**/*.md', 'docs/**', '**/*.md', '*.txt', 'a?c.txt', './docs/*.md', 'data/**/*.json', 'data/v1.2/*', '**', 'golden/*.jsonl', '**/*.{txt}', 'a folder/*', 'data/a+b.txt', 'evals/**/cases.*', '*/golden/**']
    for (const glob of globs) {
      const regex = plainGlob(glob)
      const expected = (await fastGlob(glob, { cwd: root, ignore: TREE_IGNORE })).sort()
      if (!regex) continue
      expect(files.filter(file => regex.test(file)), glob).toEqual(expected)
    }
    // Most of them are plain; the rest go to fast-glob.
    expect(globs.filter(glob => plainGlob(glob)).length).toBeGreaterThanOrEqual(13)
  })

  it('leaves classes, negation, extglobs, ranges, escapes and parent folders to fast-glob', () => {
    for (const glob of ['./docs/*.md', '[ab].txt', '!docs/**', '+(a|b).md', '{1..3}.txt', '{a}.txt', 'a\\*b', '../x/*.md', '/abs/*.md', 'a**b', '']) expect(plainGlob(glob), glob).toBeUndefined()
  })
})
