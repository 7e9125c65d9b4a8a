// Every TypeScript block of the README and docs that is not a whole fixture file is
// type-checked against the built package, with the free names such snippets lean on (`prompt`,
// `question`, …) declared once, so an API change that breaks a snippet fails `npm test`.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { root, runNode } from '../helpers/run-vitest.js'

const dir = join(root, 'test', 'fixtures', `.tmp-snippets-${process.pid}`)
afterAll(() => rm(dir, { recursive: true, force: true }))

const GLOBALS = `import type { Prompt } from 'vitest-llm'
declare global {
  const prompt: Prompt
  const question: string
  const reply: { text: string }
  const retrievedDocs: string
  const oldAnswer: string
  const newAnswer: string
  const userId: string
  const answer: (input: unknown) => Promise<string>
  const expect: typeof import('vitest').expect
  const test: typeof import('vitest').test
  const judge: typeof import('vitest-llm').judge
  const pairwise: typeof import('vitest-llm').pairwise
  const llm: typeof import('vitest-llm/plugin').llm
  const startFakeLlm: typeof import('vitest-llm/fake').startFakeLlm
  const fakeJudge: typeof import('vitest-llm/fake').fakeJudge
}
export {}
`

it('every TypeScript snippet in the docs type-checks', async () => {
  await mkdir(dir, { recursive: true })
  const docs = ['README.md', ...(await readdir(join(root, 'docs'))).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)]
  let count = 0
  for (const doc of docs) {
    const text = await readFile(join(root, doc), 'utf8')
    for (const match of text.matchAll(/(<!-- file: \S+ -->\n)?```ts\n([\s\S]*?)```/g)) {
      if (match[1]) continue // whole files: checked by snippets.test.ts and run as fixtures
      await writeFile(join(dir, `${doc.replace(/\W/g, '-')}-${++count}.ts`), `${match[2]}\nexport {}\n`)
    }
  }
  await writeFile(join(dir, 'globals.d.ts'), GLOBALS)
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../../../tsconfig.json', compilerOptions: { noEmit: true, paths: {} }, include: ['./*.ts'], exclude: [] }))
  expect(count).toBeGreaterThanOrEqual(16)
  const tsc = await runNode([join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: root, timeoutMs: 120_000 })
  expect(tsc.stdout, tsc.stdout).toBe('')
  expect(tsc.code).toBe(0)
}, 120_000)
