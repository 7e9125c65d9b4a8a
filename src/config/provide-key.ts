import type { ResolvedOptions } from './options.js'

/** The key under which tests `inject()` the resolved options (plus the project root). */
export const PROVIDE_KEY = 'vitestLlm'

/** Which run the workers are part of, so each test file can say so in its meta (for merges). */
export interface RunIdentity {
  /** `index/count` of a `--shard` run. */
  shard?: string
  /** Hash of the options and prompt configs that shape verdicts: shards of one run share it. */
  fingerprint: string
  /**
   * What narrowed a `--shard` run besides the split (a file filter, `-t`...): set by the
   * reporter when the run starts, before any worker does, so each test file carries it into
   * the blob and a merge of the shards knows it is partial.
   */
  partial?: string[]
}

/** Where workers keep their cassette bookkeeping (see the setup file). */
export interface CassetteIndex {
  /** Vite's cache folder for cassette packs (derived data). */
  packs: string
  /** Where each worker lists the cassettes it read, for `cache prune`. */
  used: string
}

/** What the plugin provides to every test file. */
export type ProvidedOptions = ResolvedOptions & { root: string, run?: RunIdentity, cassettes?: CassetteIndex }

/** What the setup file records on each test file, read back by the reporter when shards merge. */
export interface FileRunMeta extends RunIdentity {
  /** Content hashes of the golden sets and prompt configs the file read, by path relative to the root. */
  data: Record<string, string>
}

declare module 'vitest' {
  interface ProvidedContext {
    vitestLlm: ProvidedOptions
  }
  interface TaskMeta {
    /** On a test file: which run it was part of (see `FileRunMeta`). */
    llmRun?: FileRunMeta
  }
}
