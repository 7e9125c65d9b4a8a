/**
 * Node built-ins that importing `vitest-llm` should not load. A test worker has them already,
 * but an app or a test file that imports the package without reading a file, hashing or
 * connecting would pay ~7 ms for them — more than the rest of what the import adds to
 * Vitest's own (see the cold-import benchmark). `import ... from 'node:fs'` is the costly one:
 * its ES module facade reads every export, and `fs.promises` and the stream classes are getters
 * that load fs/promises and the streams (~30 internal modules). The CommonJS objects
 * `process.getBuiltinModule` returns load nothing until a member is used.
 */
let fs: typeof import('node:fs') | undefined
let fsp: typeof import('node:fs/promises') | undefined
let crypto: typeof import('node:crypto') | undefined

export const nodeFs = () => (fs ??= process.getBuiltinModule('node:fs'))

export const fsPromises = () => (fsp ??= process.getBuiltinModule('node:fs/promises'))

export const nodeCrypto = () => (crypto ??= process.getBuiltinModule('node:crypto'))

/** `require` relative to a module, for packages loaded on first use. */
export const requireFrom = (url: string) => process.getBuiltinModule('node:module').createRequire(url)
