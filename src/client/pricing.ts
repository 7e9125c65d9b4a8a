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
 * Names that are priced as another entry although they are not `name-YYYY-MM-DD` snapshots:
 * OpenAI's older snapshot and preview names.
 */
export const PRICE_ALIASES: Readonly<Record<string, string>> = {
  'gpt-4-turbo-preview': 'gpt-4-turbo',
  'gpt-4-1106-preview': 'gpt-4-turbo',
  'gpt-4-0125-preview': 'gpt-4-turbo',
  'gpt-4-0613': 'gpt-4',
  'gpt-4-0314': 'gpt-4',
  'gpt-3.5-turbo-0125': 'gpt-3.5-turbo',
  'gpt-3.5-turbo-1106': 'gpt-3.5-turbo',
}

/** A dated snapshot of a model family: `gpt-4o-mini-2024-07-18` → `gpt-4o-mini`. */
const SNAPSHOT = /^(.+)-\d{4}-\d{2}-\d{2}$/

/**
 * The price of a model: an exact entry (overrides first), else that of its family when the name
 * is a dated snapshot (`gpt-4o-2024-08-06`) or a listed alias (`PRICE_ALIASES`). Any other name
 * — a typo such as `gpt-4o-mni`, a fine-tune, a local model — has an unknown price: a prefix
 * match would silently price it as a different model.
 */
export function priceOf(model: string, overrides: Readonly<Record<string, ModelPrice>> = {}): ModelPrice | undefined {
  const family = SNAPSHOT.exec(model)?.[1] ?? PRICE_ALIASES[model]
  for (const table of [overrides, BUILT_IN_PRICES]) {
    if (Object.hasOwn(table, model)) return table[model]
    if (family !== undefined && Object.hasOwn(table, family)) return table[family]
  }
  return undefined
}

/** Cost in USD of a call, or undefined when the model's price is unknown. */
export function costOf(model: string, inputTokens: number, outputTokens: number, overrides?: Readonly<Record<string, ModelPrice>>): number | undefined {
  const price = priceOf(model, overrides)
  if (!price) return undefined
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000
}
