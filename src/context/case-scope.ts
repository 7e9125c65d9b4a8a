import type { AsyncLocalStorage } from 'node:async_hooks'
import { TestRunner, type RunnerTestCase } from 'vitest'
import { VitestLlmError } from '../errors.js'

/**
 * Which test case (and which trial of it) an LLM call belongs to. `golden()` and `trials()`
 * run their bodies inside a scope, which stays right when tests run concurrently; plain tests
 * fall back to Vitest's current test.
 */
export interface CaseScope {
  task: RunnerTestCase
  trial?: number
  /** The `compare()` variant the case runs under. */
  variant?: string
}

// Created with the first scope: Node loads its AsyncLocalStorage implementation on first access
// (an `import` from node:async_hooks accesses it at once), which importing vitest-llm need not pay.
let storage: AsyncLocalStorage<CaseScope> | undefined

export function runInCase<T>(scope: CaseScope, fn: () => T): T {
  storage ??= new (process.getBuiltinModule('node:async_hooks').AsyncLocalStorage)<CaseScope>()
  return storage.run(scope, fn)
}

/**
 * The case a call of `what` (e.g. `complete()`) belongs to: the scope `golden()`, `trials()` or
 * `compare()` runs it in, else `own` (the test of an `llm` fixture), else Vitest's current test.
 * Under `test.concurrent` Vitest's current test is whichever started last — the reason Vitest
 * asks for `context.expect` there — so a call that only has it cannot tell its test: it throws
 * rather than count its usage, or its failure, against another test.
 */
export function currentCase(what: string, own?: RunnerTestCase): CaseScope | undefined {
  const scoped = storage?.getStore()
  if (scoped) return scoped
  if (own) return { task: own }
  const task = TestRunner.getCurrentTest<RunnerTestCase | undefined>()
  if (task?.concurrent) {
    throw new VitestLlmError('E_OPTIONS', `${what} in the concurrent test \`${task.name}\` cannot tell which test it belongs to (Vitest's current test is whichever started last): use the \`llm\` fixture — \`const test = base.extend({ llm: llmFixture })\`, then \`llm.complete()\` — as Vitest asks for \`context.expect\` in concurrent tests, or run the test without \`.concurrent\``)
  }
  return task ? { task } : undefined
}

/**
 * Runs `fn` as part of `task`'s case, unless it already runs in a case's scope: for matchers,
 * whose `expect` knows its test while the judge call they make does not. That is Vitest's
 * test of the assertion: the test's own under `context.expect`, and with the global `expect`
 * in concurrent tests whichever started last, as for Vitest's own snapshots.
 */
export function inCaseOf<T>(task: RunnerTestCase | undefined, fn: () => T): T {
  if (!task || storage?.getStore()) return fn()
  return runInCase({ task }, fn)
}
