/**
 * Prices in USD per 1M tokens. The built-in table covers common OpenAI models as published on
 * openai.com/api/pricing; `pricing` in the plugin options overrides or extends it. A model that
 * matches nothing has an unknown price — reported as unknown, never as zero.
 */
export interface ModelPrice {
  input: number
  output: number
}

export const BUILT_IN_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-4': { input: 30, output: 60 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  'o1': { input: 15, output: 60 },
  'o1-mini': { input: 1.1, output: 4.4 },
  'o3': { input: 2, output: 8 },
  'o3-mini': { input: 1.1, output: 4.4 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  'text-embedding-ada-002': { input: 0.1, output: 0 },
}

/**
 * The price of a model: an exact entry, else the longest entry that prefixes it, so dated
 * snapshots (`gpt-4o-mini-2024-07-18`) find their family but `gpt-4o-mini` never takes `gpt-4o`'s.
 */
export function priceOf(model: string, overrides: Readonly<Record<string, ModelPrice>> = {}): ModelPrice | undefined {
  for (const table of [overrides, BUILT_IN_PRICES]) {
    if (table[model]) return table[model]
    let best: string | undefined
    for (const name of Object.keys(table)) {
      if (model.startsWith(`${name}-`) && (!best || name.length > best.length)) best = name
    }
    if (best) return table[best]
  }
  return undefined
}

/** Cost in USD of a call, or undefined when the model's price is unknown. */
export function costOf(model: string, inputTokens: number, outputTokens: number, overrides?: Readonly<Record<string, ModelPrice>>): number | undefined {
  const price = priceOf(model, overrides)
  if (!price) return undefined
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000
}
