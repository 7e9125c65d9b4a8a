// Each entry point loads only what it needs: the built package, imported in a fresh Node
// process whose module resolutions are recorded, as a user's app or test file imports it.
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { root, runNode } from '../helpers/run-vitest.js'

const hook = join(tmpdir(), `vitest-llm-resolve-hook-${process.pid}.mjs`)
beforeAll(() => writeFile(hook, `import { registerHooks } from 'node:module'
const seen = new Set()
registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); seen.add(result.url); return result } })
process.on('exit', () => {
  const packages = [...seen].map(url => (/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(url) ?? [])[1]).filter(Boolean)
  process.stdout.write('\\nLOADED ' + JSON.stringify([...new Set(packages)].sort()) + '\\n')
})
`))

/** The npm packages a script loads, in a fresh process. */
async function packagesLoadedBy(script: string): Promise<string[]> {
  const run = await runNode(['--import', hook, '--input-type=module', '-e', script], { cwd: root })
  expect(run.code, run.output).toBe(0)
  return JSON.parse(/LOADED (.*)/.exec(run.stdout)![1]!) as string[]
}

describe('what each entry point loads', () => {
  it('`vitest-llm` loads neither the openai SDK nor tiktoken until they are used', async () => {
    const loaded = await packagesLoadedBy(`import { definePrompt, parseJson } from 'vitest-llm'; parseJson('{"a":1}'); definePrompt({ id: 'x', model: 'gpt-4o-mini', system_prompt: 's', user_template: 'u' })`)
    expect(loaded).toContain('vitest')
    expect(loaded).not.toContain('openai')
    expect(loaded).not.toContain('tiktoken')
  })

  it('`vitest-llm` builds no schema until one is used: zod loads on first validation', async () => {
    expect(await packagesLoadedBy(`import { golden, complete, reportSchema } from 'vitest-llm'; if (typeof golden !== 'function') process.exit(1)`)).not.toContain('zod')
    const loaded = await packagesLoadedBy(`import { reportSchema } from 'vitest-llm'; if (reportSchema.safeParse({}).success) process.exit(1)`)
    expect(loaded).toContain('zod')
  })

  it('loads zod from a project whose path has spaces and non-ASCII letters', async () => {
    // zod is required by path (its ES module build), which must not stay percent-encoded.
    const project = await mkdtemp(join(tmpdir(), 'vitest llm ü '))
    try {
      const modules = join(project, 'node_modules')
      await mkdir(join(modules, 'vitest-llm', 'dist'), { recursive: true })
      await cp(join(root, 'package.json'), join(modules, 'vitest-llm', 'package.json'))
      await cp(join(root, 'dist', 'public'), join(modules, 'vitest-llm', 'dist', 'public'), { recursive: true })
      // Copied, not linked: Node resolves a link to its real path, which has no space.
      await cp(join(root, 'node_modules', 'zod'), join(modules, 'zod'), { recursive: true })
      await symlink(join(root, 'node_modules', 'vitest'), join(modules, 'vitest'))
      await writeFile(join(project, 'package.json'), '{ "type": "module" }\n')
      const run = await runNode(['--input-type=module', '-e', `import { reportSchema } from 'vitest-llm'; const result = reportSchema.safeParse({ version: 1 }); console.log(result.success ? 'valid' : 'invalid ' + result.error.issues.length)`], { cwd: project })
      expect(run.code, run.output).toBe(0)
      expect(run.stdout).toMatch(/^invalid \d+/m)
    }
    finally {
      await rm(project, { recursive: true, force: true })
    }
  })

  it('counting tokens loads tiktoken on first use (so the check above can see it)', async () => {
    const loaded = await packagesLoadedBy(`import { countTokens } from 'vitest-llm/prompt'; if (countTokens('hello world') !== 2) process.exit(1)`)
    expect(loaded).toContain('tiktoken')
  })

  it('`vitest-llm/prompt` is safe for production code: no vitest, vite, openai or tiktoken', async () => {
    const loaded = await packagesLoadedBy(`import { definePrompt, parseJson, validatePromptSource, renderTemplate } from 'vitest-llm/prompt'; renderTemplate('{{a}}', { a: 1 }); parseJson('[1]'); definePrompt({ id: 'x', model: 'm', system_prompt: 's', user_template: 'u' })`)
    for (const heavy of ['vitest', 'vite', 'openai', 'tiktoken']) expect(loaded).not.toContain(heavy)
  })

  it('`vitest-llm/stats` loads no package at all, `vitest-llm/deploy` no test or model code', async () => {
    expect(await packagesLoadedBy(`import { wilson } from 'vitest-llm/stats'; wilson(1, 2)`)).toEqual([])
    const deploy = await packagesLoadedBy(`import { createCanaryRouter } from 'vitest-llm/deploy'; createCanaryRouter({ stable: 1, canary: 2, percent: 5 })`)
    for (const heavy of ['vitest', 'openai', 'tiktoken']) expect(deploy).not.toContain(heavy)
  })
})
