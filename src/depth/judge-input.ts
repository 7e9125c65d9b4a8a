/**
 * What of the judge settings is fingerprinted: the fields that change its verdicts. Endpoint
 * and key are left out (they differ between machines without changing a verdict). The plugin
 * (at run start) and `vitest-llm plan` both go through this, so their hashes agree.
 */
export function judgeFingerprintInput(judge: { model?: string | undefined, temperature?: number, criteria?: Record<string, string> }): Record<string, unknown> {
  return { model: judge.model ?? null, temperature: judge.temperature ?? 0, criteria: judge.criteria ?? {} }
}
