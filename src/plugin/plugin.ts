import type {} from 'vitest/config'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'
import type { VitestPluginContext } from 'vitest/node'
import { resolveOptions, type LlmPluginOptions } from './options.js'
import { PROVIDE_KEY } from './provide-key.js'
import { writeRunMarker } from '../client/cache/run-marker.js'

const setupFile = fileURLToPath(new URL('./setup.js', import.meta.url))

/**
 * The Vitest plugin. Options are validated here, when the config file is loaded, so a wrong
 * key fails the run before any test starts.
 *
 * @example
 * // vitest.config.ts
 * import { defineConfig } from 'vitest/config'
 * import llm from 'vitest-llm/plugin'
 * export default defineConfig({ plugins: [llm({ provider: { model: 'gpt-4o-mini' } })] })
 */
export function llm(options: LlmPluginOptions = {}): Plugin {
  const resolved = resolveOptions(options)
  return {
    name: 'vitest-llm',
    config(user) {
      // Vite merges arrays, so this adds to the user's own setup files instead of replacing them.
      // Concurrent tests (golden examples) may overlap up to the client's limit, unless set.
      const maxConcurrency = user.test?.maxConcurrency ?? resolved.concurrency
      return { test: { setupFiles: [setupFile], maxConcurrency } }
    },
    configureVitest(context: VitestPluginContext) {
      // Called once per project that uses the plugin: each gets the same resolved options.
      const root = context.project.config.root
      context.project.provide(PROVIDE_KEY, { ...resolved, root })
      // Runs only in the main process, before any test: cassettes touched after this were used.
      const cacheDir = resolve(root, resolved.cache.dir)
      if (resolved.cache.mode !== 'off') return writeRunMarker(root, { startedAt: new Date().toISOString(), cacheDir })
    },
  }
}
