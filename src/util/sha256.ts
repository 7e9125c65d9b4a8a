import { nodeCrypto } from './builtins.js'

// One-shot hashing (Node 20.12+): about half the cost of createHash().update().digest() for
// the short strings a cache key hashes, once per call on a replayed run.
export function sha256(data: string | Uint8Array, encoding: 'hex' | 'base64' = 'hex'): string {
  return nodeCrypto().hash('sha256', data, encoding)
}
