import { existsSync, rmSync } from 'node:fs'
import { appendFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Reporter, TestModule, TestRunEndReason, TestSpecification, Vitest } from 'vitest/node'
import { MARKER_OWNER, readRunMarker, runMarkerPath, writeRunMarker } from '../client/cache/run-marker.js'
import type { ResolvedOptions } from '../config/options.js'
import type { RunIdentity } from '../config/provide-key.js'
import type { RunDepthStart } from '../depth/run-depth.js'
import { errorMessage } from '../util/error-message.js'
import { writeFileAtomic, writeFileAtomicSync } from '../util/write-atomic.js'
import type { RunState } from './build-report.js'
import type { LlmReport } from './report-schema.js'
import { checkShards, partialReasons } from './run-kind.js'

type Outputs = typeof import('./outputs.js')

/** Data files (golden sets, prompt configs) each test module read: for watch-mode reruns. */
export type DependencyMap = Map<string, Set<string>>

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

/**
 * A `vitest-llm:<name>` performance measure from the mark of that name: how long the reporter
 * took, for `npm run bench` (a PerformanceObserver) and profilers. Cleared, so watch mode's
 * reruns keep no timeline.
 */
function measure(name: string): void {
  performance.measure(`vitest-llm:${name}`, `vitest-llm:${name}`)
  performance.clearMarks(`vitest-llm:${name}`)
  performance.clearMeasures(`vitest-llm:${name}`)
}

/**
 * Added by the plugin beside the user's reporters; the orchestrator of the report. When a run
 * starts it replaces the previous report with one marked `running`; when the run ends — normally,
 * by `--bail`, by a signal, or by a crash of this reporter — it collects what the tests recorded,
 * builds the report model, asks the gate for the verdict, writes the JSON, Markdown and JUnit
 * files, prints a summary and sets `process.exitCode = 1` when an enforced gate fails. It never
 * throws and never exits the process, so the watcher keeps running.
 */
export class LlmReporter implements Reporter {
  private vitest: Vitest | undefined
  private partial: string[] = []
  private running = false
  private wroteRunning = false
  private signalled = false
  /** The report builders and writers, once loaded (see outputs.ts). */
  private outputs: Outputs | undefined
  private loading: Promise<Outputs> | undefined
  private fingerprinting = false

  /** Writing the `running` report, started with the run. */
  private started: Promise<void> = Promise.resolve()

  constructor(private readonly options: ResolvedOptions, private readonly dependencies: DependencyMap, private readonly identity: () => Promise<RunIdentity>, private readonly depth: () => Promise<RunDepthStart>) {}

  onInit(vitest: Vitest): void {
    this.vitest = vitest
    for (const signal of SIGNALS) process.once(signal, () => this.onSignal(signal))
  }

  async onTestRunStart(specifications: ReadonlyArray<TestSpecification>): Promise<void> {
    const vitest = this.vitest
    if (!vitest) return
    this.running = true
    this.partial = vitest.config.watch ? [] : await partialReasons(vitest, specifications)
    // The workers have not started: what they are provided still changes (see RunIdentity.partial).
    if (vitest.config.shard) (await this.identity()).partial = this.partial.length ? this.partial : undefined
    const file = this.options.report.json && resolve(vitest.config.root, this.options.report.json)
    // No earlier verdict may outlive this run: replace it now, while the workers start (a
    // signal before it is written removes the old one, see onSignal).
    if (file && (this.options.gate || existsSync(file))) {
      this.wroteRunning = true
      this.started = this.load().then(async ({ runningReport, reportJson }) => {
        // A signal may have written the interrupted report already: it is the truer one.
        if (this.signalled) return
        await writeFileAtomic(file, reportJson(runningReport({ fingerprint: (await this.identity()).fingerprint })))
      })
    }
    else void this.load().catch(() => {})
  }

  // The first file collected means a worker is running: the main process is free to scan the
  // tree for the run's fingerprints now (before, it would delay that worker's start).
  onTestModuleCollected(): void {
    if (this.fingerprinting) return
    this.fingerprinting = true
    this.depth().catch(() => {}) // a failure is reported when the run ends, where it is awaited
  }

  private load(): Promise<Outputs> {
    return this.loading ??= import('./outputs.js').then(outputs => (this.outputs = outputs))
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>, _errors: unknown, reason: TestRunEndReason): Promise<void> {
    const vitest = this.vitest
    if (!vitest) return
    this.running = false
    const { applyGate, buildReport, reportModel, renderSummary } = await this.load()
    await this.started.catch(error => vitest.logger.error(`[vitest-llm] could not replace the previous report: ${errorMessage(error)}`))
    const root = vitest.config.root
    // In watch mode a rerun covers some files; the gate speaks for everything known.
    const modules = vitest.config.watch ? vitest.state.getTestModules() : testModules
    this.trackDependencies(modules)
    const run = await this.runState(modules, reason === 'interrupted' ? '`--bail` or a cancelled run' : undefined, reason)
    let report: LlmReport
    performance.mark('vitest-llm:report-build')
    try {
      report = await buildReport(modules, this.options, root, run)
    }
    catch (error) {
      // A bug of ours must not pass a run: report it as interrupted, which never passes.
      vitest.logger.error(`[vitest-llm] could not build the report: ${(error as Error).stack ?? error}`)
      report = await applyGate(reportModel([], root, { ...run, kind: 'interrupted' }), this.options, root, { interruption: `the vitest-llm reporter failed: ${errorMessage(error)}` })
    }
    const touched = report.cases.length > 0 || report.metrics.usage.requests + report.metrics.usage.cached > 0
    measure('report-build')
    if (!touched && !this.options.gate && !this.wroteRunning) return
    performance.mark('vitest-llm:report-write')
    await this.write(report, root)
    measure('report-write')
    // A file that failed to load, or a suite whose hook threw, read no cassettes for its tests.
    await this.markRun(root, report.run.kind, report.cases.some(c => c.kind === 'file'))
    vitest.logger.log(renderSummary(report, { goldenPassRate: this.options.gate?.goldenPassRate, scores: this.options.gate?.scores ?? {} }))
    if (report.run.gateEnforced && !report.passed) {
      // One line per violated rule, as Vitest prints coverage thresholds.
      for (const failure of report.gate.failures) vitest.logger.error(`ERROR: vitest-llm gate: ${failure.message}`)
      process.exitCode = 1
    }
  }

  /** How the run started and ended: its kind, what narrowed it, and for a merge its shards. */
  private async runState(modules: ReadonlyArray<TestModule>, interruption: string | undefined, reason?: TestRunEndReason): Promise<RunState> {
    const config = this.vitest!.config
    const { fingerprint } = await this.identity()
    const { decision, fingerprints } = await this.depth()
    const depth = { mode: decision.mode, level: decision.level, known: decision.known, why: decision.why, changes: decision.changes, fingerprints }
    const base = { partial: this.partial, fingerprint, depth, ...(reason ? { reason } : {}) }
    if (interruption) return { ...base, kind: 'interrupted', interruption }
    if (config.mergeReports) {
      // What narrowed the shards, not this process's count of the files merged: files missing
      // from the merge are a missing shard's, reported as a problem.
      const { shards, problems, partial } = checkShards(modules)
      return { ...base, partial, kind: 'merged', shards, shardProblems: problems }
    }
    if (config.shard) return { ...base, kind: 'shard', shard: { index: config.shard.index, count: config.shard.count } }
    if (config.watch) return { ...base, kind: 'watch' }
    return { ...base, kind: this.partial.length ? 'partial' : 'full' }
  }

  /**
   * A signal ends the process before `onTestRunEnd`: write what is known as an interrupted
   * report now, synchronously, so no `passed: true` from an earlier run survives. Then, if no
   * one else listens for the signal, raise it again so the process ends as it would have.
   */
  private onSignal(signal: typeof SIGNALS[number]): void {
    const vitest = this.vitest
    this.signalled = true
    const json = vitest && this.running ? this.options.report.json : false
    if (vitest && json && !this.outputs) {
      // Too early to build one: at least no earlier verdict survives.
      try {
        rmSync(resolve(vitest.config.root, json), { force: true })
      }
      catch {
        // Unremovable: nothing more a signal handler can do.
      }
    }
    else if (vitest && json && this.outputs) {
      const { reportModel, renderJunit, reportJson } = this.outputs
      try {
        const root = vitest.config.root
        const model = reportModel(vitest.state.getTestModules(), root, { kind: 'interrupted', partial: this.partial })
        const failure = { metric: 'run', actual: 'interrupted', threshold: 'complete', message: `the run was interrupted (${signal}): partial results are never gated as passing` }
        const report: LlmReport = { ...model, passed: false, gate: { passed: false, failures: [failure] } }
        writeFileAtomicSync(resolve(root, json), reportJson(report))
        if (this.options.report.junit) writeFileAtomicSync(resolve(root, this.options.report.junit), renderJunit(report, this.options.gate))
      }
      catch {
        // The `running` report written at the start stays: it never passes either.
      }
    }
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
  }

  private async write(report: LlmReport, root: string): Promise<void> {
    const { json, markdown, junit, html } = this.options.report
    const { caseBlock, caseLines, readBaseline, renderHtmlParts, renderJunit, renderMarkdown, reportJsonParts } = await this.load()
    // The page lists what changed since the baseline, which the report itself only counts.
    const file = html ? this.options.gate?.baseline?.file : undefined
    const baseline = file ? readBaseline(resolve(root, file)).catch(() => undefined) : undefined
    // Each file is written while the next is rendered (the disk works while this thread does).
    const writes: Array<Promise<void>> = []
    // Each case serialised and encoded once, for both the JSON file and the page.
    const block = json || html ? caseBlock(caseLines(report)) : undefined
    if (json) writes.push(writeFileAtomic(resolve(root, json), reportJsonParts(report, block!)))
    if (junit) writes.push(writeFileAtomic(resolve(root, junit), renderJunit(report, this.options.gate)))
    if (html) writes.push(writeFileAtomic(resolve(root, html), renderHtmlParts(report, { thresholds: this.options.gate, baseline: await baseline, caseBlock: block })))
    const md = markdown || process.env.GITHUB_STEP_SUMMARY ? renderMarkdown(report) : undefined
    if (markdown && md) writes.push(writeFileAtomic(resolve(root, markdown), md))
    if (process.env.GITHUB_STEP_SUMMARY && md) writes.push(appendFile(process.env.GITHUB_STEP_SUMMARY, `${md}\n`))
    // Every write settles before an error is reported, so none is cut off half-way.
    const failed = (await Promise.allSettled(writes)).find(r => r.status === 'rejected')
    if (failed) throw (failed as PromiseRejectedResult).reason
  }

  /** Records on the cache's run marker how the run ended, for `cache prune`. */
  private async markRun(root: string, kind: LlmReport['run']['kind'], brokenFiles: boolean): Promise<void> {
    if (this.options.cache.mode === 'off' || !existsSync(runMarkerPath(root))) return
    const marker = await readRunMarker(root)
    // Another run started since this one (a second terminal, an editor's run): its marker stays,
    // `running` until it ends, so prune never goes by this run's reads and that run's start.
    if (marker?.owner === MARKER_OWNER && kind !== 'running') await writeRunMarker(root, { ...marker, kind, completed: kind !== 'interrupted' && !brokenFiles })
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
