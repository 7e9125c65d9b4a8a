// Writes the projects of bench/overhead.mjs: one golden set of N examples and three Vitest
// configs over it — vitest-llm's golden() (cache off, recording, or replay), plain Vitest with
// `test.concurrent` and the raw openai SDK (the live floor), and plain Vitest with trivial
// concurrent tests (the replay floor). vitest-llm is installed from the packed tarball into the
// project's node_modules, as users install it (so Vitest externalizes it instead of
// transforming its files); vitest and openai resolve from this repository's node_modules.
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const CONCURRENCY = 32

const llmTest = `import { complete, golden } from 'vitest-llm'

golden('support', { files: 'golden.jsonl', task: async example => (await complete(example.input)).text })
`

const sdkTest = `import { readFileSync } from 'node:fs'
import OpenAI from 'openai'
import { expect, test } from 'vitest'

const openai = new OpenAI({ baseURL: process.env.FAKE_URL, apiKey: 'bench', maxRetries: 0 })
const examples = readFileSync(new URL('./golden.jsonl', import.meta.url), 'utf8').split('\\n').filter(Boolean).map(line => JSON.parse(line))
for (const example of examples) {
  test.concurrent(example.id, async () => {
    const reply = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: example.input }] })
    for (const word of example.must_contain) expect(reply.choices[0].message.content).toContain(word)
  })
}
`

const trivialTest = `import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'

const examples = readFileSync(new URL('./golden.jsonl', import.meta.url), 'utf8').split('\\n').filter(Boolean).map(line => JSON.parse(line))
for (const example of examples) {
  test.concurrent(example.id, async () => {
    for (const word of example.must_contain) expect('A short answer from the fake model.').toContain(word)
  })
}
`

const llmConfig = `import { defineConfig } from 'vitest/config'
import llm from 'vitest-llm/plugin'

export default defineConfig({
  plugins: [llm({
    provider: { model: 'gpt-4o-mini', baseURL: process.env.FAKE_URL, apiKey: 'bench' },
    cache: { mode: process.env.BENCH_CACHE_MODE, dir: process.env.BENCH_CACHE_DIR },
    concurrency: ${CONCURRENCY},
    retries: 0,
  })],
  test: { include: ['llm.test.mjs'], maxConcurrency: ${CONCURRENCY} },
})
`

const plainConfig = file => `import { defineConfig } from 'vitest/config'

export default defineConfig({ test: { include: ['${file}'], maxConcurrency: ${CONCURRENCY} } })
`

/** `npm pack` of this (built) package: the tarball's path. */
export async function packPackage() {
  const repo = fileURLToPath(new URL('..', import.meta.url))
  const out = await mkdtemp(join(tmpdir(), 'vitest-llm-pack-'))
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))
  return join(out, filename)
}

/** Writes the projects for `cases` examples under `dir` (emptied first), vitest-llm unpacked from `tarball`. */
export async function writeProjects(dir, cases, tarball) {
  await rm(dir, { recursive: true, force: true })
  const installed = join(dir, 'node_modules', 'vitest-llm')
  await mkdir(installed, { recursive: true })
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'])
  // Its own package scope: without it, `vitest-llm` would self-resolve to this repository.
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-project', private: true, type: 'module' })}\n`)
  const lines = []
  for (let i = 0; i < cases; i++) lines.push(JSON.stringify({ id: `q-${i}`, input: `Customer question number ${i}: where is my order and when will it arrive?`, must_contain: ['answer'] }))
  await writeFile(join(dir, 'golden.jsonl'), `${lines.join('\n')}\n`)
  await writeFile(join(dir, 'llm.test.mjs'), llmTest)
  await writeFile(join(dir, 'sdk.test.mjs'), sdkTest)
  await writeFile(join(dir, 'trivial.test.mjs'), trivialTest)
  await writeFile(join(dir, 'vitest.llm.config.mjs'), llmConfig)
  await writeFile(join(dir, 'vitest.sdk.config.mjs'), plainConfig('sdk.test.mjs'))
  await writeFile(join(dir, 'vitest.trivial.config.mjs'), plainConfig('trivial.test.mjs'))
}
