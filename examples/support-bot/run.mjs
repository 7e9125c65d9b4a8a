#!/usr/bin/env node
// `npm run example [-- --watch] [-- other vitest args]`: runs the support bot's test suite.
// Without OPENAI_API_KEY (or OPENAI_BASE_URL) it starts vitest-llm's fake server with a scripted
// support model and judge, so the whole pipeline runs offline; with them, against that model.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startFakeLlm } from 'vitest-llm/fake'
import { supportModelScript } from './fake/support-model.mjs'

const here = fileURLToPath(new URL('.', import.meta.url))
const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url))
const args = process.argv.slice(2)
const watch = args.includes('--watch')
// `npm run example -- --plan`: after the run, show what change-aware depth would run next
// (`vitest-llm plan`: the changes since the committed baseline, the depth per suite, the cost).
const plan = args.includes('--plan')
// `npm run example -- --compare`: the two prompt configs side by side (vitest.compare.config.ts).
const comparing = args.includes('--compare')
const env = { ...process.env }

let fake
if (!env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) {
  fake = await startFakeLlm(supportModelScript)
  env.OPENAI_BASE_URL = fake.url
  env.OPENAI_API_KEY = 'fake-key'
  // Answers of the fake must never be replayed for a real model.
  env.VITEST_LLM_CACHE ??= 'off'
  console.log('\n[support-bot] No OPENAI_API_KEY: running against vitest-llm/fake with a SCRIPTED support model and judge')
  console.log('[support-bot] (word-overlap rules, not a language model). Set OPENAI_API_KEY or OPENAI_BASE_URL to use a real one.\n')
}
if (env.SUPPORT_PROMPT === 'worse') console.log('[support-bot] SUPPORT_PROMPT=worse: testing the ungrounded draft prompt\n')

const child = spawn(process.execPath, [vitest, watch ? 'watch' : 'run', ...(comparing ? ['--config', 'vitest.compare.config.ts'] : []), ...args.filter(a => a !== '--watch' && a !== '--plan' && a !== '--compare')], { cwd: here, env, stdio: 'inherit' })
const stop = () => child.kill('SIGTERM')
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
child.on('close', async (code) => {
  await fake?.close()
  process.exitCode = code ?? 1
  if (plan) {
    const cli = fileURLToPath(new URL('../../dist/public/cli.js', import.meta.url))
    console.log('\n[support-bot] vitest-llm plan: what `depth: auto` would run after this change\n')
    spawn(process.execPath, [cli, 'plan', '--depth', 'auto'], { cwd: here, env, stdio: 'inherit' })
  }
})
