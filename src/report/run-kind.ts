import type { TestModule, TestSpecification, Vitest } from 'vitest/node'

/**
 * What narrowed a run, from Vitest's resolved config and the files it was asked to run: a
 * partial run is one the user asked for (a file filter, `-t`, `related`/`changed`, a subset of
 * projects, tags), not a broken one. `.only` is found later, in the collected tests.
 */
export async function partialReasons(vitest: Vitest, specifications: ReadonlyArray<TestSpecification>): Promise<string[]> {
  const config = vitest.config as typeof vitest.config & { filters?: string[], related?: string[], changed?: boolean | string, tagsFilter?: string[], cliExclude?: string[], cliOptions?: { dir?: string, lastFailed?: boolean } }
  const reasons: string[] = []
  if (config.testNamePattern) reasons.push(`-t ${config.testNamePattern.source}`)
  if (config.project?.length) reasons.push(`--project ${config.project.join(', ')}`)
  if (config.tagsFilter?.length) reasons.push(`tags ${config.tagsFilter.join(' ')}`)
  // `--exclude` narrows the glob itself, so comparing with the glob cannot see it.
  if (config.cliExclude?.length) reasons.push(`--exclude ${config.cliExclude.join(' ')}`)
  if (specifications.length === 0 && !config.shard) reasons.push('no test files ran')
  // A file selection (filters, related, changed, or an editor running one file through the
  // API) is partial only when it leaves files out: compare with every file the config knows.
  const all = await vitest.globTestSpecifications().catch(() => [])
  const filters = config.filters ?? (vitest as { filenamePattern?: string[] }).filenamePattern
  const lastFailed = Boolean(config.cliOptions?.lastFailed)
  // A shard runs its share of the selection: what was selected is the files before the split.
  const selected = config.shard ? await vitest.getRelevantTestSpecifications(filters ?? []).catch(() => all) : specifications
  if (all.length > selected.length) {
    const how = filters?.length ? `file filter ${filters.join(' ')}` : config.related?.length ? 'related files' : config.changed ? 'changed files' : lastFailed ? '--last-failed' : 'a selection of files'
    reasons.push(`${how}: ${selected.length} of ${all.length} test files`)
  }
  // `--last-failed` narrows to the tests that failed last time, by file and within files.
  if (lastFailed && !reasons.some(r => r.startsWith('--last-failed'))) reasons.push('--last-failed')
  if (!lastFailed) reasons.push(...withinFiles(specifications, filters))
  const outside = config.cliOptions?.dir ? await filesOutsideDir(vitest, all) : 0
  if (outside > 0) reasons.push(`--dir ${config.cliOptions.dir}: ${outside} test file${outside > 1 ? 's' : ''} outside it`)
  return reasons
}

/**
 * Narrowing inside the files that ran, which no count of files can see: `file.test.ts:12`
 * (a location filter), and an editor or the API running chosen tests of a file by id, name,
 * name pattern or tag.
 */
function withinFiles(specifications: ReadonlyArray<TestSpecification>, filters: string[] | undefined): string[] {
  const reasons: string[] = []
  if (specifications.some(s => s.testLines?.length)) {
    const located = filters?.filter(f => /:\d+$/.test(f))
    reasons.push(`tests selected by line${located?.length ? ` (${located.join(' ')})` : ''}`)
  }
  if (specifications.some(s => s.testIds?.length)) reasons.push('tests selected by id (an editor or the API)')
  if (specifications.some(s => s.testNames?.length)) reasons.push('tests selected by name (an editor or the API)')
  const names = [...new Set(specifications.flatMap(s => s.testNamePattern ? [s.testNamePattern.source] : []))]
  if (names.length) reasons.push(`tests named ${names.join(', ')}`)
  const tags = [...new Set(specifications.flatMap(s => s.testTagsFilter ?? []))]
  if (tags.length) reasons.push(`tags ${tags.join(' ')}`)
  return reasons
}

/**
 * `--dir` on the command line replaces the folder Vitest looks for test files in, so the glob
 * the run is compared with is narrowed too: count the files the root project's `include`
 * finds from its root that this run's folder left out. (A config that itself sets `dir` to the
 * folder named by `--dir` is counted from the root too, and so reads as partial when files
 * outside that folder match: Vitest's resolved config no longer says which `dir` was the file's.)
 */
async function filesOutsideDir(vitest: Vitest, found: ReadonlyArray<TestSpecification>): Promise<number> {
  // Only the root project takes `--dir`: projects of `test.projects` keep their own folders.
  const project = vitest.projects.find(p => p.isRootProject())
  if (!project) return 0
  // `globFiles` is internal to Vitest: without it, nothing can be counted and the run stays as it was.
  const glob = (project as unknown as { globFiles?: (include: string[], exclude: string[], cwd: string) => Promise<string[]> }).globFiles
  const files = await glob?.call(project, project.config.include, project.config.exclude, project.config.root).catch(() => []) ?? []
  const seen = new Set(found.map(s => s.moduleId))
  return files.filter(file => !seen.has(file)).length
}

/**
 * Checks the shards a merged run is made of, from what each test file recorded: every shard
 * `1..n` present, none twice, all of one run (same fingerprint, same golden sets and prompt
 * configs). Returns the shards found, a message per problem, and what narrowed the shards'
 * runs (a merge of partial shards is partial).
 */
export function checkShards(modules: readonly TestModule[]): { shards: string[], problems: string[], partial: string[] } {
  const problems: string[] = []
  const seen = new Map<string, number>()
  const counts = new Set<number>()
  const fingerprints = new Set<string>()
  const partial = new Set<string>()
  const data = new Map<string, Set<string>>()
  const files = new Map<string, number>()
  let unmarked = 0
  for (const module of modules) {
    files.set(module.moduleId, (files.get(module.moduleId) ?? 0) + 1)
    const run = module.meta().llmRun
    if (!run) {
      unmarked++
      continue
    }
    if (run.shard) {
      seen.set(run.shard, (seen.get(run.shard) ?? 0) + 1)
      counts.add(Number(run.shard.split('/')[1]))
    }
    fingerprints.add(run.fingerprint)
    for (const reason of run.partial ?? []) partial.add(reason)
    for (const [path, hash] of Object.entries(run.data)) (data.get(path) ?? data.set(path, new Set()).get(path)!).add(hash)
  }
  const shards = [...seen.keys()].sort((a, b) => Number(a.split('/')[0]) - Number(b.split('/')[0]))
  if (modules.length > 0 && seen.size === 0) problems.push(unmarked === modules.length ? 'the merged reports say nothing about shards: run each shard with the vitest-llm plugin (`vitest run --shard=i/n --reporter=blob`)' : 'the merged reports are not from sharded runs')
  if (counts.size > 1) problems.push(`the merged reports come from different splits (${[...counts].sort().map(n => `n=${n}`).join(', ')}): merge the blobs of one sharded run`)
  else if (counts.size === 1) {
    const count = [...counts][0]!
    const missing = Array.from({ length: count }, (_, i) => `${i + 1}/${count}`).filter(s => !seen.has(s))
    if (missing.length) problems.push(`shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing from the merge (found ${shards.join(', ')}): every shard's blob report must be merged`)
  }
  const twice = [...files].filter(([, n]) => n > 1).map(([file]) => file)
  if (twice.length) problems.push(`${twice.length} test file${twice.length > 1 ? 's' : ''} appear${twice.length > 1 ? '' : 's'} in more than one blob (a shard merged twice?), e.g. ${twice[0]}`)
  if (fingerprints.size > 1) problems.push('the shards ran different configurations or prompt configs (fingerprints differ): merge blobs of one commit and one config')
  const changed = [...data].filter(([, hashes]) => hashes.size > 1).map(([path]) => path)
  if (changed.length) problems.push(`the shards read different versions of ${changed.join(', ')}: merge blobs of one commit`)
  return { shards, problems, partial: [...partial].map(reason => `shards ran with ${reason}`) }
}
