import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { validatePromptFile } from '../../src/prompt/validate.js'
import { detectChanges } from '../../src/depth/changes.js'
import { takeFingerprints, type FingerprintInputs, type Fingerprints } from '../../src/depth/fingerprints.js'
import { DEPTH_DEFAULTS } from '../../src/config/depth-options.js'
import { fixtureCopy } from './fixture.js'

const judge = { model: 'gpt-4o-mini', temperature: 0, criteria: {} }
const inputs: FingerprintInputs = { rag: ['docs/**/*.md'], golden: [...DEPTH_DEFAULTS.goldenGlobs], judge }

let tree: Awaited<ReturnType<typeof fixtureCopy>>
let baseline: Fingerprints
beforeEach(async () => {
  tree = await fixtureCopy()
  baseline = await takeFingerprints(tree.dir, inputs)
})
afterEach(() => tree.cleanup())

const changesNow = async (over: Partial<FingerprintInputs> = {}) => detectChanges(baseline, await takeFingerprints(tree.dir, { ...inputs, ...over })).changes
const types = (changes: Awaited<ReturnType<typeof changesNow>>) => changes.map(c => c.type)

describe('takeFingerprints', () => {
  it('finds both prompt configs, the golden sets and the RAG glob, with separate hashes per part', async () => {
    expect(Object.keys(baseline.prompts)).toEqual(['prompts/answer.prompt.yaml', 'prompts/classify.prompt.yaml'])
    expect(Object.keys(baseline.golden)).toEqual(['golden/answers.jsonl', 'golden/labels.yaml'])
    expect(Object.keys(baseline.rag)).toEqual(['docs/**/*.md'])
    expect(baseline.inputs).toEqual({ rag: ['docs/**/*.md'], golden: DEPTH_DEFAULTS.goldenGlobs })
    const answer = baseline.prompts['prompts/answer.prompt.yaml']!
    expect(answer).toMatchObject({ id: 'support-answer', version: 1, model: 'gpt-4o-mini' })
    expect(new Set([answer.system, answer.template, answer.params]).size).toBe(3)
  })

  it('skips dot folders (a cassette folder, .git) unless a glob names one', async () => {
    // Never matched before either; now never walked: a 256-folder cache cost tens of ms a scan.
    await tree.write('.llm-cache/ab/ab12.json', '{}\n')
    await tree.write('.hidden/skip.prompt.yaml', 'id: hidden\n')
    await tree.write('.data/index.md', 'v1\n')
    const before = await takeFingerprints(tree.dir, { ...inputs, rag: ['.data/**/*.md'] })
    expect(Object.keys(before.prompts)).toEqual(Object.keys(baseline.prompts))
    await tree.write('.data/index.md', 'v2\n')
    const after = await takeFingerprints(tree.dir, { ...inputs, rag: ['.data/**/*.md'] })
    expect(after.rag['.data/**/*.md']).not.toBe(before.rag['.data/**/*.md'])
  })

  it('the fixture\'s prompt configs are valid', async () => {
    for (const file of Object.keys(baseline.prompts)) expect((await validatePromptFile(`${tree.dir}/${file}`)).problems).toEqual([])
  })
})

describe('detectChanges on the fixture', () => {
  it('an unchanged tree has no changes', async () => {
    expect(detectChanges(baseline, await takeFingerprints(tree.dir, inputs))).toEqual({ known: true, changes: [] })
  })

  it('no baseline fingerprints: unknown', async () => {
    expect(detectChanges(undefined, baseline)).toMatchObject({ known: false, changes: [] })
  })

  it('reformatting YAML (quotes, block style, key order, comments) is no change', async () => {
    await tree.write('prompts/classify.prompt.yaml', [
      '# reformatted',
      'user_template: \'Message: {{message}}\'',
      'system_prompt: >-',
      '  Classify the customer\'s message as one of billing, shipping, account.',
      'params: { max_tokens: 20, temperature: 0 }',
      'model: "gpt-4o-mini"',
      'id: classify',
      '',
    ].join('\n'))
    await tree.write('golden/labels.yaml', '[{ id: billing, input: { message: "I was charged twice" }, exact_match: billing }, { exact_match: shipping, id: shipping, input: { message: "Where is my parcel?" } }]\n')
    await tree.edit('golden/answers.jsonl', text => text.replaceAll('": ', '":').replaceAll(', "', ',"') + '\n\n')
    expect(await changesNow()).toEqual([])
  })

  it('user template → prompt-text, with the file and prompt id', async () => {
    await tree.edit('prompts/answer.prompt.yaml', t => t.replace('Customer question:', 'Question from the customer:'))
    expect(await changesNow()).toEqual([{ type: 'prompt-text', files: ['prompts/answer.prompt.yaml'], promptIds: ['support-answer'], detail: 'user template of prompts/answer.prompt.yaml changed' }])
  })

  it('system prompt → system-prompt', async () => {
    await tree.edit('prompts/answer.prompt.yaml', t => t.replace('Answer only from the context.', 'Answer briefly, only from the context.'))
    expect(types(await changesNow())).toEqual(['system-prompt'])
  })

  it('model → model, naming both', async () => {
    await tree.edit('prompts/classify.prompt.yaml', t => t.replace('model: gpt-4o-mini', 'model: gpt-4o'))
    const changes = await changesNow()
    expect(changes).toMatchObject([{ type: 'model', promptIds: ['classify'], detail: 'model of prompts/classify.prompt.yaml: gpt-4o-mini → gpt-4o' }])
  })

  it('params → params; model and params together → both', async () => {
    await tree.edit('prompts/classify.prompt.yaml', t => t.replace('temperature: 0', 'temperature: 0.7'))
    expect(types(await changesNow())).toEqual(['params'])
    await tree.edit('prompts/classify.prompt.yaml', t => t.replace('model: gpt-4o-mini', 'model: gpt-4o'))
    expect(types(await changesNow())).toEqual(['model', 'params'])
  })

  it('a version label alone is no change', async () => {
    await tree.edit('prompts/answer.prompt.yaml', t => t.replace('version: 1', 'version: 2'))
    expect(await changesNow()).toEqual([])
  })

  it('RAG data: editing, adding or removing a matched file → rag, named by its glob', async () => {
    await tree.edit('docs/refunds.md', t => t.replace('5 business days', '7 business days'))
    expect(await changesNow()).toMatchObject([{ type: 'rag', files: ['docs/**/*.md'], promptIds: [] }])
    await tree.edit('docs/refunds.md', t => t.replace('7 business days', '5 business days'))
    expect(await changesNow()).toEqual([])
    await tree.write('docs/contact.md', 'Email support@acme.example.\n')
    expect(types(await changesNow())).toEqual(['rag'])
    await tree.remove('docs/contact.md')
    await tree.remove('docs/shipping.md')
    expect(types(await changesNow())).toEqual(['rag'])
  })

  it('a golden file edit → golden for that file only', async () => {
    await tree.edit('golden/labels.yaml', t => t.replace('Where is my parcel?', 'Where is my package?'))
    expect(await changesNow()).toMatchObject([{ type: 'golden', files: ['golden/labels.yaml'], detail: 'golden set golden/labels.yaml edited' }])
  })

  it('a new golden file → golden (added)', async () => {
    await tree.write('golden/more.jsonl', '{"input": "hi", "must_contain": ["hello"]}\n')
    expect(await changesNow()).toMatchObject([{ type: 'golden', files: ['golden/more.jsonl'], detail: 'golden set golden/more.jsonl added' }])
  })

  it('judge model, temperature or criteria → judge', async () => {
    expect(types(await changesNow({ judge: { ...judge, model: 'gpt-4o' } }))).toEqual(['judge'])
    expect(types(await changesNow({ judge: { ...judge, criteria: { tone: 'polite' } } }))).toEqual(['judge'])
  })

  it('a new prompt config → new-prompt; a removed one → removed-prompt', async () => {
    await tree.write('prompts/summary.prompt.yaml', 'id: summary\nmodel: gpt-4o-mini\nsystem_prompt: Summarise.\nuser_template: "{{text}}"\n')
    await tree.remove('prompts/classify.prompt.yaml')
    expect(await changesNow()).toMatchObject([
      { type: 'new-prompt', files: ['prompts/summary.prompt.yaml'], promptIds: ['summary'] },
      { type: 'removed-prompt', files: ['prompts/classify.prompt.yaml'], promptIds: ['classify'] },
    ])
  })

  it('a prompt config moved to another file with the same id is compared with its old self', async () => {
    const text = await import('node:fs/promises').then(fs => fs.readFile(`${tree.dir}/prompts/classify.prompt.yaml`, 'utf8'))
    await tree.remove('prompts/classify.prompt.yaml')
    await tree.write('prompts/classifier.prompt.yaml', text)
    expect(await changesNow()).toEqual([])
    await tree.edit('prompts/classifier.prompt.yaml', t => t.replace('model: gpt-4o-mini', 'model: gpt-4o'))
    expect(await changesNow()).toMatchObject([{ type: 'model', files: ['prompts/classify.prompt.yaml', 'prompts/classifier.prompt.yaml'] }])
  })

  it('a config that no longer parses is a change of unknown part: system-prompt (tested deepest)', async () => {
    await tree.edit('prompts/answer.prompt.yaml', t => t.replace('user_template', 'user_templte'))
    expect(await changesNow()).toMatchObject([{ type: 'system-prompt', files: ['prompts/answer.prompt.yaml'] }])
  })
})
