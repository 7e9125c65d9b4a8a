import { requireFrom } from './builtins.js'

/**
 * Dependencies loaded on first use, not when the package is imported: a test file that imports
 * `vitest-llm` for `definePrompt` never reads a YAML file, globs or draws a sample, and should not
 * pay for those parsers at start-up (see the cold-import benchmark). Each ships CommonJS, so a
 * synchronous require keeps the callers synchronous.
 */
const require = (id: string): unknown => requireFrom(import.meta.url)(id)

let yaml: typeof import('yaml') | undefined
let fastGlob: typeof import('fast-glob') | undefined
let csv: typeof import('csv-parse/sync') | undefined
let seedrandom: typeof import('seedrandom') | undefined

export const loadYaml = () => (yaml ??= require('yaml') as typeof import('yaml'))
export const loadFastGlob = () => (fastGlob ??= require('fast-glob') as typeof import('fast-glob'))
export const loadCsv = () => (csv ??= require('csv-parse/sync') as typeof import('csv-parse/sync'))
export const loadSeedrandom = () => (seedrandom ??= require('seedrandom') as typeof import('seedrandom'))
