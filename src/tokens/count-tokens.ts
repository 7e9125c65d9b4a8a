import { requireFrom } from '../util/builtins.js'
import type { Tiktoken, TiktokenEncoding, TiktokenModel } from 'tiktoken'

/**
 * Token counting with tiktoken. Encoders are WASM objects that take tens of milliseconds to
 * build, so each is made once per process and reused.
 */

export type EncodingName = TiktokenEncoding

/** How an encoding was chosen for a model, so callers can say when it is a guess. */
export interface EncodingChoice {
  encoding: EncodingName
  /** True when the model is unknown to tiktoken and the encoding was inferred or defaulted. */
  fallback: boolean
}

const encoders = new Map<EncodingName, Tiktoken>()

// tiktoken loads a WASM tokenizer; importing this module must not pay for it until a count is
// needed (app code imports prompt configs; most test files never count). It ships CommonJS for
// Node, so a synchronous require keeps `countTokens` synchronous.
let tiktoken: typeof import('tiktoken') | undefined
const load = () => (tiktoken ??= requireFrom(import.meta.url)('tiktoken') as typeof import('tiktoken'))

function encoder(name: EncodingName): Tiktoken {
  let enc = encoders.get(name)
  if (!enc) {
    enc = load().get_encoding(name)
    encoders.set(name, enc)
  }
  return enc
}

// Newer OpenAI families all use o200k_base; tiktoken's table lags behind model releases.
const O200K_PREFIXES = ['gpt-4o', 'gpt-4.1', 'gpt-4.5', 'gpt-5', 'o1', 'o3', 'o4', 'chatgpt-4o', 'gpt-oss']

/** Picks the encoding for a model name; unknown models fall back to `o200k_base` or `cl100k_base`. */
export function encodingForModel(model: string): EncodingChoice {
  const bare = model.includes('/') ? model.slice(model.lastIndexOf('/') + 1) : model
  try {
    const enc = load().encoding_for_model(bare as TiktokenModel)
    const name = enc.name as EncodingName
    enc.free()
    return { encoding: name, fallback: false }
  }
  catch {
    if (O200K_PREFIXES.some(prefix => bare.startsWith(prefix))) return { encoding: 'o200k_base', fallback: true }
    return { encoding: 'cl100k_base', fallback: true }
  }
}

/** Which encoding to count with: an explicit `encoding`, else the `model`'s, else `o200k_base`. */
export interface TokenCountOptions {
  model?: string
  encoding?: EncodingName
}

const modelEncodings = new Map<string, EncodingChoice>()

/** Resolves the encoding for options, caching per model name. */
export function resolveEncoding(options: TokenCountOptions = {}): EncodingChoice {
  if (options.encoding) return { encoding: options.encoding, fallback: false }
  if (!options.model) return { encoding: 'o200k_base', fallback: false }
  let choice = modelEncodings.get(options.model)
  if (!choice) {
    choice = encodingForModel(options.model)
    modelEncodings.set(options.model, choice)
  }
  return choice
}

/** Counts the tokens of `text`. */
export function countTokens(text: string, options: TokenCountOptions = {}): number {
  if (text === '') return 0
  // Special tokens such as `<|endoftext|>` in user text are counted as plain text, not rejected.
  return encoder(resolveEncoding(options).encoding).encode_ordinary(text).length
}

/** A chat message as far as token counting cares. */
export interface CountableMessage {
  role: string
  content?: unknown
  name?: string
}

/**
 * Estimates the prompt tokens of a chat request the way OpenAI's cookbook does: 3 tokens of
 * framing per message, 1 for a name, 3 to prime the reply. Non-text content is JSON-counted.
 */
export function countMessageTokens(messages: readonly CountableMessage[], options: TokenCountOptions = {}): number {
  let total = 3
  for (const message of messages) {
    total += 3 + countTokens(message.role, options)
    if (message.name) total += 1 + countTokens(message.name, options)
    const content = message.content
    if (typeof content === 'string') total += countTokens(content, options)
    else if (content != null) total += countTokens(JSON.stringify(content), options)
  }
  return total
}
