import { nodeCrypto } from './builtins.js'

export function sha256(data: string | Uint8Array, encoding: 'hex' | 'base64' = 'hex'): string {
  return nodeCrypto().createHash('sha256').update(data).digest(encoding)
}
