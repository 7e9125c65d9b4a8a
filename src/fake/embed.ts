import { createHash } from 'node:crypto'

/**
 * A deterministic stand-in for an embedding model: words are hashed into buckets of a unit
 * vector, so texts that share words have a high cosine similarity and identical texts are
 * identical vectors. Enough to test similarity thresholds without a real model.
 */
export function hashEmbedding(text: string, dimensions = 64): number[] {
  const vector = new Array<number>(dimensions).fill(0)
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const digest = createHash('sha1').update(word).digest()
    const bucket = digest.readUInt32LE(0) % dimensions
    vector[bucket]! += digest[4]! & 1 ? 1 : -1
  }
  const norm = Math.hypot(...vector)
  return norm === 0 ? vector.map((_, i) => (i === 0 ? 1 : 0)) : vector.map(v => v / norm)
}

/** Encodes a vector as OpenAI does for `encoding_format: 'base64'`: little-endian float32. */
export function toBase64Floats(vector: readonly number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64')
}
