// Every error class the package exports extends `VitestLlmError` and has its own stable code, so
// callers can branch on `error.code` whichever entry point the error came from.
import { describe, expect, it } from 'vitest'
import * as main from 'vitest-llm'
import * as deploy from 'vitest-llm/deploy'
import * as prompt from 'vitest-llm/prompt'
import { VitestLlmError } from 'vitest-llm'

const exported = Object.entries({ ...main, ...prompt, ...deploy })
  .filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error) as Array<[string, new (...args: never[]) => Error]>

// One instance of each, made as the package makes them.
const instances: Record<string, () => Error> = {
  ConfigError: () => new main.ConfigError('bad', { file: 'a.yaml', line: 1 }),
  OptionsError: () => new main.OptionsError('bad'),
  TemplateError: () => new main.TemplateError('bad'),
  ParseError: () => new main.ParseError('bad', { raw: '' }),
  GoldenError: () => new main.GoldenError([{ file: 'g.jsonl', line: 1, message: 'bad' }]),
  GoldenMissError: () => new main.GoldenMissError('missed'),
  TrialsError: () => new main.TrialsError('failed'),
  JudgeError: () => new main.JudgeError('bad'),
  LlmRequestError: () => new main.LlmRequestError({ endpoint: 'POST /x', model: 'm', status: 500, attempts: 1, reason: 'r', retryable: true, requestId: 'req_1' }),
  CacheError: () => new main.CacheError('miss'),
  ReportError: () => new main.ReportError('bad'),
  DeployDataError: () => new deploy.DeployDataError('bad'),
}

describe('error classes', () => {
  it('every exported error class is listed here', () => {
    expect(exported.map(([name]) => name).filter(n => n !== 'VitestLlmError').sort()).toEqual(Object.keys(instances).sort())
  })

  it('each extends VitestLlmError and has a code no other class uses', () => {
    const codes = new Map<string, string>()
    for (const [name, make] of Object.entries(instances)) {
      const error = make() as VitestLlmError
      expect(error, name).toBeInstanceOf(VitestLlmError)
      expect(VitestLlmError.is(error), name).toBe(true)
      expect(error.code, name).toMatch(/^E_[A-Z_]+$/)
      expect(codes.get(error.code), `${name} reuses ${error.code}`).toBeUndefined()
      codes.set(error.code, name)
    }
  })

  it('LlmRequestError keeps the provider\'s request id', () => {
    const error = instances.LlmRequestError!() as InstanceType<typeof main.LlmRequestError>
    expect(error.requestId).toBe('req_1')
    expect(error.message).toContain('request id req_1')
  })
})
