import { requireFrom } from './builtins.js'
import type { z } from 'zod'

/**
 * zod, loaded when a schema is first used rather than when `vitest-llm` is imported. Importing
 * zod reads ~100 module files (~35 ms) and building our schemas ~20 ms more, while a test
 * worker replaying golden answers validates nothing with it. Schemas are therefore built by
 * functions (`lazy`, `lazySchema`), not at module load.
 *
 * `require` of zod's ES module build (Node >= 22.12 loads ES modules synchronously) gives the
 * same instance a user's `import 'zod'` gets, so zod is never loaded twice and its registries
 * (descriptions used by `z.toJSONSchema`) are shared.
 */
export type Zod = typeof z

let zod: Zod | undefined

export function loadZod(): Zod {
  return zod ??= (requireFrom(import.meta.url)(esmBuild()) as { z: Zod }).z
}

// Where `import 'zod'` resolves, as a path (a project path may hold spaces or non-ASCII
// characters, which a URL's pathname keeps percent-encoded). Where import.meta.resolve is
// missing (code run through Vite's module runner, as in our unit tests) the CommonJS build does.
function esmBuild(): string {
  try {
    return process.getBuiltinModule('node:url').fileURLToPath(import.meta.resolve('zod'))
  }
  catch {
    return 'zod'
  }
}

/** A value built on first call, once. */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined
  return () => (value ??= build())
}

/**
 * An object that stands for `build()`'s result and builds it on first use: for schemas that are
 * public values (`reportSchema.parse(...)`). Every operation is forwarded to the built object.
 */
export function lazyObject<T extends object>(build: () => T): T {
  const target = lazy(build)
  const handler: ProxyHandler<T> = {}
  for (const trap of Object.getOwnPropertyNames(Reflect) as Array<keyof typeof Reflect>) {
    ;(handler as Record<string, unknown>)[trap] = (_shell: T, ...args: unknown[]) => (Reflect[trap] as (...a: unknown[]) => unknown)(target(), ...args)
  }
  // A proxy may only report a property as non-configurable (zod's `_zod` is) if its own target
  // has it too, so such a property is copied onto the stand-in when it is first described.
  handler.getOwnPropertyDescriptor = (shell, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(target(), key)
    if (descriptor && !descriptor.configurable && !Object.hasOwn(shell, key)) Object.defineProperty(shell, key, descriptor)
    return descriptor
  }
  return new Proxy({} as T, handler)
}

/** A schema built on first use, given zod: `lazySchema(z => z.object({...}))`. */
export function lazySchema<T extends object>(build: (z: Zod) => T): T {
  return lazyObject(() => build(loadZod()))
}
