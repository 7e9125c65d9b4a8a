import type { AsyncLocalStorage } from 'node:async_hooks'
import { TestRunner, type RunnerTestCase } from 'vitest'

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

export function currentCase(): CaseScope | undefined {
  const scoped = storage?.getStore()
  if (scoped) return scoped
  const task = TestRunner.getCurrentTest<RunnerTestCase | undefined>()
  return task ? { task } : undefined
}
