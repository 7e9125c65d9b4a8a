import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const root = fileURLToPath(new URL('../..', import.meta.url))

/** A fixture project's folder. */
export const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}/`, import.meta.url))

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
  /** stdout and stderr together, without colours. */
  output: string
}

// The outer vitest sets these for its workers; a nested run must not inherit them.
const INHERITED = /^(VITEST|VITEST_.*|TEST|NODE_ENV|FORCE_COLOR)$/

function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) if (!INHERITED.test(key)) env[key] = value
  const merged: NodeJS.ProcessEnv = { ...env, NO_COLOR: '1', CI: 'true', ...extra }
  // `undefined` removes a variable (e.g. OPENAI_API_KEY, to force the offline path).
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key]
  return merged
}

/** Runs a command with Node 22 (this process's node) and collects its output. */
export function runNode(args: string[], options: { cwd: string, env?: Record<string, string | undefined>, timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: cleanEnv(options.env ?? {}), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk })
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk })
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 50_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      // eslint-disable-next-line no-control-regex
      const output = `${stdout}\n${stderr}`.replace(/\u001B\[[0-9;]*m/g, '')
      resolve({ code, stdout, stderr, output })
    })
  })
}

const vitestBin = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url))

/** Runs the real `vitest run` in a fixture project, as a user would from its folder. */
export function runVitest(name: string, args: string[] = [], env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return runNode([vitestBin, 'run', ...args], { cwd: fixture(name), env })
}

const cliBin = fileURLToPath(new URL('../../dist/public/cli.js', import.meta.url))

/** Runs the built `vitest-llm` CLI. */
export function runCli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return runNode([cliBin, ...args], { cwd, env })
}

/** A long-running `vitest` (watch mode) whose output can be awaited. */
export interface WatchedVitest {
  output: () => string
  /** Resolves when the output written after `since` matches `pattern`. */
  waitFor: (pattern: RegExp, since?: number, timeoutMs?: number) => Promise<string>
  stop: () => Promise<void>
}

/** Starts `vitest watch` in a folder, as a developer does while editing. */
export function watchVitest(cwd: string, env: Record<string, string | undefined> = {}): WatchedVitest {
  const child = spawn(process.execPath, [vitestBin, 'watch'], { cwd, env: cleanEnv({ CI: '', ...env }), stdio: ['pipe', 'pipe', 'pipe'] })
  let output = ''
  // eslint-disable-next-line no-control-regex
  const append = (chunk: Buffer) => { output += chunk.toString().replace(/\u001B\[[0-9;]*[A-Za-z]/g, '') }
  child.stdout.on('data', append)
  child.stderr.on('data', append)
  return {
    output: () => output,
    waitFor: (pattern, since = 0, timeoutMs = 30_000) => new Promise((resolve, reject) => {
      const started = Date.now()
      const poll = setInterval(() => {
        const match = pattern.exec(output.slice(since))
        if (match) {
          clearInterval(poll)
          resolve(output.slice(since))
        }
        else if (Date.now() - started > timeoutMs || child.exitCode !== null) {
          clearInterval(poll)
          reject(new Error(`vitest watch: ${child.exitCode !== null ? `exited (${child.exitCode})` : 'timed out'} waiting for ${pattern}; output:\n${output.slice(since)}`))
        }
      }, 50)
    }),
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('close', () => resolve())
      child.kill('SIGTERM')
    }),
  }
}
