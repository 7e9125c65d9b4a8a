import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { EXIT } from '../deploy/canary-analysis.js'
import { shadowMarkdown } from '../deploy/canary-markdown.js'
import { readRequestLog } from '../deploy/request-log.js'
import { shadow } from '../deploy/shadow.js'
import type { CliIo } from './io.js'

const USAGE = 'Usage: vitest-llm shadow --log requests.jsonl --baseline v1 --candidate v2 [--max-divergence 0.1] [--compare normalized|exact] [--json file] [--markdown]'

/** `vitest-llm shadow`: exit 0 pass, 1 fail (divergence above the maximum), 2 hold, 3 bad data. */
export async function shadowCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'log': { type: 'string' }, 'baseline': { type: 'string' }, 'candidate': { type: 'string' }, 'max-divergence': { type: 'string' }, 'compare': { type: 'string' }, 'json': { type: 'string' }, 'markdown': { type: 'boolean' } } })
  const max = values['max-divergence'] === undefined ? 0.1 : Number(values['max-divergence'])
  if (!values.log || !values.baseline || !values.candidate || !(max >= 0 && max <= 1) || !['normalized', 'exact', undefined].includes(values.compare)) {
    io.stderr(USAGE)
    return EXIT['bad-data']
  }
  const records = await readRequestLog(io.resolve(values.log))
  const result = await shadow(records, { baseline: values.baseline, candidate: values.candidate, maxDivergence: max, compare: { kind: (values.compare ?? 'normalized') as 'normalized' | 'exact' } }, values.log)
  if (values.json) await writeFile(io.resolve(values.json), `${JSON.stringify(result, null, 2)}\n`)
  io.stdout(values.markdown ? shadowMarkdown(result, { baseline: values.baseline, candidate: values.candidate }) : `${result.verdict}: ${result.divergent}/${result.pairs} pairs diverge (${(result.rate * 100).toFixed(1)}%, 95% CI ${(result.interval[0] * 100).toFixed(1)}%–${(result.interval[1] * 100).toFixed(1)}%), maximum ${(max * 100).toFixed(1)}%${result.unpaired.baselineOnly.length + result.unpaired.candidateOnly.length ? `; unpaired: ${result.unpaired.baselineOnly.length} baseline-only, ${result.unpaired.candidateOnly.length} candidate-only` : ''}`)
  return EXIT[result.verdict]
}
