// Code blocks in the README and docs marked `<!-- file: path -->` must equal that file, which
// is a fixture run or checked by other tests: the docs cannot rot.
import { access, readdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { root, runCli } from '../helpers/run-vitest.js'

async function docs(): Promise<Array<{ doc: string, text: string }>> {
  const files = ['README.md', ...(await readdir(join(root, 'docs'))).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)]
  return Promise.all(files.map(async doc => ({ doc, text: await readFile(join(root, doc), 'utf8') })))
}

describe('documentation snippets', () => {
  it('every marked code block equals its file', async () => {
    let checked = 0
    for (const { doc, text } of await docs()) {
      for (const match of text.matchAll(/<!-- file: (\S+) -->\n```\w*\n([\s\S]*?)```/g)) {
        const file = await readFile(join(root, match[1]!), 'utf8')
        expect(match[2], `${doc}: block for ${match[1]}`).toBe(file)
        checked++
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5)
  })

  it('every docs page is in the README\'s map, and every relative link points at a file', async () => {
    const all = await docs()
    const readme = all.find(d => d.doc === 'README.md')!.text
    for (const { doc } of all.filter(d => d.doc.startsWith('docs/'))) {
      expect(readme, `README.md links to ${doc}`).toContain(`](${doc})`)
    }
    // GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
    const anchors = (text: string) => new Set([...text.replace(/```[\s\S]*?```/g, '').matchAll(/^#+ (.+)$/gm)].map(([, h]) => h!.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')))
    let links = 0
    for (const { doc, text } of all) {
      for (const [, target, anchor] of text.matchAll(/\]\(((?!https?:)[^)#\s]*)(?:#([^)\s]*))?\)/g)) {
        const file = target ? join(dirname(doc), target) : doc
        await expect(access(join(root, file)), `${doc} links to ${target}`).resolves.toBeUndefined()
        if (anchor && file.endsWith('.md')) expect([...anchors(await readFile(join(root, file), 'utf8'))], `${doc} links to ${file}#${anchor}`).toContain(anchor)
        links++
      }
    }
    expect(links).toBeGreaterThanOrEqual(30)
  })

  it('the CI workflow is valid YAML that replays cassettes, shards and gates the merged run', async () => {
    const workflow = parse(await readFile(join(root, 'test/fixtures/docs/llm-ci.yml'), 'utf8'))
    expect(workflow.jobs['llm-tests'].env.VITEST_LLM_CACHE).toBe('replay')
    const steps = (job: string) => workflow.jobs[job].steps.map((s: { run?: string }) => s.run ?? '').join('\n')
    expect(steps('llm-tests')).toContain('--shard=${{ matrix.shard }}/3 --reporter=blob')
    expect(steps('gate')).toContain('npx vitest run --merge-reports=.vitest-reports')
    expect(steps('validate')).toContain('npx vitest-llm validate')
  })

  it('every `vitest-llm <command>` the docs mention exists', async () => {
    const help = (await runCli(['--help'], root)).stdout
    for (const { doc, text } of await docs()) {
      // Commands as written to be run: `vitest-llm x` in code spans or after npx.
      for (const [, command] of text.matchAll(/(?:`|npx )vitest-llm ([a-z]+)/g)) {
        expect(help, `${doc} mentions \`vitest-llm ${command}\``).toContain(`  ${command}`)
      }
    }
  })
})
