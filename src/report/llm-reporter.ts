import { appendFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Reporter, TestModule, TestRunEndReason, Vitest } from 'vitest/node'
import type { ResolvedOptions } from '../config/options.js'
import { buildReport } from './build-report.js'
import { renderMarkdown } from './markdown.js'
import type { LlmReport } from './report-schema.js'
import { renderSummary } from './terminal.js'
import { writeFileAtomic } from '../util/write-atomic.js'

/** Data files (golden sets, prompt configs) each test module read: for watch-mode reruns. */
export type DependencyMap = Map<string, Set<string>>

/**
 * Added by the plugin beside the user's reporters. After each run it aggregates what the tests
 * recorded, writes the JSON (and Markdown) report, prints a summary and applies the gate: a
 * failing gate sets `process.exitCode = 1` — it never throws and never exits the process, so
 * the watcher keeps running.
 */
export class LlmReporter implements Reporter {
  private vitest: Vitest | undefined

  constructor(private readonly options: ResolvedOptions, private readonly dependencies: DependencyMap) {}

  onInit(vitest: Vitest): void {
    this.vitest = vitest
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>, _errors: unknown, reason: TestRunEndReason): Promise<void> {
    const vitest = this.vitest
    if (!vitest) return
    const root = vitest.config.root
    // In watch mode a rerun covers some files; the gate speaks for everything known.
    const modules = vitest.config.watch ? vitest.state.getTestModules() : testModules
    this.trackDependencies(modules)
    let report: LlmReport
    try {
      report = await buildReport(modules, this.options, root, { reason, sharded: Boolean(vitest.config.shard) })
    }
    catch (error) {
      vitest.logger.error(`[vitest-llm] could not build the report: ${(error as Error).stack ?? error}`)
      process.exitCode = 1
      return
    }
    if (report.metrics.cases === 0 && !this.options.gate && report.metrics.usage.requests + report.metrics.usage.cached === 0) return
    await this.write(report, root)
    vitest.logger.log(renderSummary(report, { goldenPassRate: this.options.gate?.goldenPassRate, scores: this.options.gate?.scores ?? {} }))
    if (report.run.gateEnforced && !report.gate.passed) process.exitCode = 1
  }

  private async write(report: LlmReport, root: string): Promise<void> {
    const { json, markdown } = this.options.report
    if (json) await writeFileAtomic(resolve(root, json), `${JSON.stringify(report, null, 2)}\n`)
    const md = markdown || process.env.GITHUB_STEP_SUMMARY ? renderMarkdown(report) : undefined
    if (markdown && md) await writeFileAtomic(resolve(root, markdown), md)
    if (process.env.GITHUB_STEP_SUMMARY && md) await appendFile(process.env.GITHUB_STEP_SUMMARY, `${md}\n`)
  }

  private trackDependencies(modules: ReadonlyArray<TestModule>): void {
    for (const module of modules) {
      for (const file of module.meta().llmDependencies ?? []) {
        const users = this.dependencies.get(file) ?? new Set<string>()
        users.add(module.moduleId)
        this.dependencies.set(file, users)
      }
    }
  }
}
