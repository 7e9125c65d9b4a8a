import type { ResolvedOptions } from './options.js'

/** The key under which tests `inject()` the resolved options (plus the project root). */
export const PROVIDE_KEY = 'vitestLlm'

declare module 'vitest' {
  interface ProvidedContext {
    vitestLlm: ResolvedOptions & { root: string }
  }
}
