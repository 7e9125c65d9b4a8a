import { join, resolve } from 'node:path'
import { rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'
import type {} from 'vitest/config'
import type { Reporter, Vitest, VitestPluginContext } from 'vitest/node'
import { MARKER_OWNER, usedListsPath, writeRunMarker } from '../client/cache/run-marker.js'
import { LlmReporter, type DependencyMap } from '../report/llm-reporter.js'
import { provideLimitService } from './limit-service.js'
import { resolveOptions, type LlmPluginOptions, type ResolvedOptions } from '../config/options.js'
import { PROVIDE_KEY, type RunIdentity } from '../config/provide-key.js'
import { DEPTH_PROVIDE_KEY } from '../depth/provide.js'
import { beginRunDepth, type RunDepthBegun } from '../depth/run-depth.js'
import { promptHashes } from '../gate/baseline.js'
import { hashOf } from '../util/canonical.js'

const setupFile = fileURLToPath(new URL('./setup.js', import.meta.url))

// Vitest's own defaults: a project still at them did not choose otherwise.
const VITEST_DEFAULTS = { testTimeout: 5_000, maxConcurrency: 5 }

// One reporter per Vitest instance, however many projects share the plugin.
const withReporter = new WeakSet<Vitest>()
const identities = new WeakMap<Vitest, Promise<RunIdentity>>()

/**
 * Which run this is: the shard, and a fingerprint of what shapes verdicts (models, judge, gate,
 * prompt configs) — computed once per Vitest instance. Keys and endpoints are left out: they
 * differ between machines without changing a verdict.
 */
const depths = new WeakMap<Vitest, RunDepthBegun>()

/**
 * Change-aware depth, decided once per run in the main process: the tree's fingerprints, and
 * (for `depth: 'auto'`) the changes since the baseline named by `gate.baseline.file`.
 */
function runDepth(vitest: Vitest, options: ResolvedOptions): RunDepthBegun {
  let depth = depths.get(vitest)
  if (!depth) {
    const root = vitest.config.root
    depth = beginRunDepth(root, options, resolve(root, options.gate?.baseline?.file ?? 'llm-baseline.json'))
    depths.set(vitest, depth)
  }
  return depth
}

function runIdentity(vitest: Vitest, options: ResolvedOptions): Promise<RunIdentity> {
  let identity = identities.get(vitest)
  if (!identity) {
    const shard = vitest.config.shard
    identity = promptHashes(vitest.config.root).then(prompts => ({
      ...(shard ? { shard: `${shard.index}/${shard.count}` } : {}),
      // The depth level is part of it: shards run at different depths must not merge.
      fingerprint: hashOf({ model: options.provider.model, judge: { model: options.judge.model, temperature: options.judge.temperature, criteria: options.judge.criteria }, gate: options.gate, depth: options.depth.level, prompts }).slice(0, 16),
    }))
    identities.set(vitest, identity)
  }
  return identity
}

/**
 * The Vitest plugin. Options are validated here, when the config file is loaded, so a wrong
 * key fails the run before any test starts. It registers the matchers, provides the options to
 * tests, adds the quality-gate reporter beside the user's reporters, and reruns the tests that
 * read a golden set or prompt config when that file changes in watch mode.
 *
 * @example
 * // vitest.config.ts
 * import { defineConfig } from 'vitest/config'
 * import llm from 'vitest-llm/plugin'
 * export default defineConfig({ plugins: [llm({ provider: { model: 'gpt-4o-mini' } })] })
 */
export function llm(options: LlmPluginOptions = {}): Plugin {
  const resolved = resolveOptions(options)
  const dependencies: DependencyMap = new Map()
  // Vitest's 5 s default would cut off a real model call before our own timeout does.
  const testTimeout = Math.max(60_000, 2 * resolved.timeoutMs)
  return {
    name: 'vitest-llm',
    // Read by `vitest-llm plan`, which resolves the Vitest config to preview the same depth.
    api: { vitestLlm: { depth: resolved.depth, judge: { model: resolved.judge.model, temperature: resolved.judge.temperature, criteria: resolved.judge.criteria } } },
    config(user) {
      return {
        test: {
          // Vite merges arrays: this adds to the user's setup files instead of replacing them.
          setupFiles: [setupFile],
          // Concurrent tests (golden examples) may overlap up to the client's limit, unless set.
          maxConcurrency: user.test?.maxConcurrency ?? resolved.concurrency,
          testTimeout: user.test?.testTimeout ?? testTimeout,
          watchTriggerPatterns: [{
            pattern: /\.(jsonl|json|ya?ml|csv)$/,
            testsToRun: (file: string) => {
              const users = dependencies.get(resolve(file))
              return users ? [...users] : undefined
            },
          }],
        },
      }
    },
    async configureVitest({ project, vitest }: VitestPluginContext) {
      const root = project.config.root
      // The run's identity, its depth and the limit service (one concurrency/rate limit and
      // fail-fast record for all workers, see limit-service.ts) are independent: set up at once.
      const [run, decision] = await Promise.all([runIdentity(vitest, resolved), runDepth(vitest, resolved).decision, provideLimitService(vitest, project)])
      const used = usedListsPath(root)
      const cassettes = resolved.cache.mode === 'off' ? undefined : { packs: join(project.viteConfig?.cacheDir ?? join(root, 'node_modules', '.vite'), 'vitest-llm', 'cassette-packs'), used }
      project.provide(PROVIDE_KEY, { ...resolved, root, run, ...(cassettes ? { cassettes } : {}) })
      project.provide(DEPTH_PROVIDE_KEY, { decision, settings: resolved.depth })
      // Projects that inherit the plugin (`extends: true`) do not see what the config hook added
      // to the root config: apply it to each project, keeping values the project set itself.
      const config = project.config
      if (!config.setupFiles.includes(setupFile)) config.setupFiles.push(setupFile)
      if (config.testTimeout === VITEST_DEFAULTS.testTimeout) config.testTimeout = testTimeout
      if (config.maxConcurrency === VITEST_DEFAULTS.maxConcurrency) config.maxConcurrency = resolved.concurrency
      if (!withReporter.has(vitest)) {
        withReporter.add(vitest)
        ;(vitest.config.reporters as unknown as Array<Reporter | [string, object]>).push(new LlmReporter(resolved, dependencies, () => runIdentity(vitest, resolved), () => runDepth(vitest, resolved).start()))
      }
      // Runs only in the main process, before any test: the workers list the cassettes they read
      // in `used`, and cassettes written after `startedAt` were recorded by this run. The
      // reporter records how the run ended; until then it is `running`, never complete.
      if (resolved.cache.mode !== 'off') {
        await rm(used, { recursive: true, force: true })
        await writeRunMarker(root, { startedAt: new Date().toISOString(), cacheDir: resolve(root, resolved.cache.dir), kind: 'running', completed: false, used, owner: MARKER_OWNER })
      }
    },
  }
}
