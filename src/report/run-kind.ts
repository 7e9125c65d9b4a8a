import type { TestModule, TestSpecification, Vitest } from 'vitest/node'

/**
 * What narrowed a run, from Vitest's resolved config and the files it was asked to run: a
 * partial run is one the user asked for (a file filter, `-t`, `related`/`changed`, a subset of
 * projects, tags), not a broken one. `.only` is found later, in the collected tests.
 */
export async function partialReasons(vitest: Vitest, specifications: ReadonlyArray<TestSpecification>): Promise<string[]> {
  const config = vitest.config as typeof vitest.config & { filters?: string[], related?: string[], changed?: boolean | string, tagsFilter?: string[], cliExclude?: string[] }
  const reasons: string[] = []
  if (config.testNamePattern) reasons.push(`-t ${config.testNamePattern.source}`)
  if (config.project?.length) reasons.push(`--project ${config.project.join(', ')}`)
  if (config.tagsFilter?.length) reasons.push(`tags ${config.tagsFilter.join(' ')}`)
  // `--exclude` narrows the glob itself, so comparing with the glob cannot see it.
  if (config.cliExclude?.length) reasons.push(`--exclude ${config.cliExclude.join(' ')}`)
  if (specifications.length === 0) reasons.push('no test files ran')
  // A file selection (filters, related, changed, or an editor running one file through the
  // API) is partial only when it leaves files out: compare with every file the config knows.
  const all = await vitest.globTestSpecifications().catch(() => [])
  if (all.length > specifications.length) {
    const filters = config.filters ?? (vitest as { filenamePattern?: string[] }).filenamePattern
    const how = filters?.length ? `file filter ${filters.join(' ')}` : config.related?.length ? 'related files' : config.changed ? 'changed files' : 'a selection of files'
    reasons.push(`${how}: ${specifications.length} of ${all.length} test files`)
  }
  return reasons
}

/**
 * Checks the shards a merged run is made of, from what each test file recorded: every shard
 * `1..n` present, none twice, all of one run (same fingerprint, same golden sets and prompt
 * configs). Returns the shards found and a message per problem.
 */
export function checkShards(modules: readonly TestModule[]): { shards: string[], problems: string[] } {
  const problems: string[] = []
  const seen = new Map<string, number>()
  const counts = new Set<number>()
  const fingerprints = new Set<string>()
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
  return { shards, problems }
}
