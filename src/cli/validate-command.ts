import { parseArgs } from 'node:util'
import fg from 'fast-glob'
import { validatePromptFile } from '../prompt/validate.js'
import type { CliIo } from './io.js'

/** Default files of `vitest-llm validate`. */
export const DEFAULT_PROMPT_GLOBS = ['**/*.prompt.{yaml,yml,json}']

/**
 * Stage 1: validates every prompt config matched by the globs. Prints one `file:line:col  message`
 * line per problem; returns 1 when there is any problem (or no file matched), else 0.
 */
export async function validateCommand(argv: string[], io: CliIo): Promise<number> {
  // No options: anything starting with `-` is an unknown option, not a glob.
  const globs = parseArgs({ args: argv, allowPositionals: true, options: {} }).positionals
  const patterns = globs.length ? globs : DEFAULT_PROMPT_GLOBS
  const files = await fg(patterns, { cwd: io.cwd, ignore: ['**/node_modules/**', '**/dist/**'], dot: false })
  if (files.length === 0) {
    io.stderr(`vitest-llm validate: no prompt config matched ${patterns.join(' ')}`)
    return 1
  }
  files.sort()
  const results = await Promise.all(files.map(file => validatePromptFile(io.resolve(file)).then(r => ({ ...r, file }))))
  let problems = 0
  for (const result of results) {
    for (const problem of result.problems) {
      problems++
      io.stdout(`${result.file}:${problem.line}:${problem.column}  ${problem.field ? `${problem.field}: ` : ''}${problem.message}`)
    }
  }
  const broken = results.filter(r => r.problems.length).length
  if (problems) {
    io.stderr(`✖ ${problems} problem${problems > 1 ? 's' : ''} in ${broken} of ${files.length} prompt config${files.length > 1 ? 's' : ''}`)
    return 1
  }
  io.stdout(`✔ ${files.length} prompt config${files.length > 1 ? 's' : ''} valid`)
  return 0
}
