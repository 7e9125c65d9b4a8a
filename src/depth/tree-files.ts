import { join } from 'node:path'
import { nodeFs } from '../util/builtins.js'

/**
 * The tree scans of change-aware depth (prompt configs, golden files, RAG globs) without
 * fast-glob when the globs are plain: loading fast-glob alone took ~20 ms of the main process,
 * first before the first worker started (the run's identity hashes the prompt configs) and
 * then while workers wait on it. One synchronous walk lists the tree; plain globs (`*`, `?`,
 * `**` segments, `{a,b}`) become regular expressions over its paths, with fast-glob's
 * semantics: no dot files or dot folders, symlinked folders followed (each real folder once),
 * files only. Other globs (classes, negation, extglobs, `..`) are left to fast-glob.
 */

// As TREE_IGNORE in fingerprints.ts: these folders and every dot folder (.git, the cassettes).
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist'])

const PROMPT_FILE = /\.prompt\.(?:ya?ml|json)$/

/** Every file under `root` outside the skipped folders, relative with `/`, sorted. */
export function treeFiles(root: string): string[] {
  const fs = nodeFs()
  const found: string[] = []
  const seen = new Set<string>()
  const walk = (folder: string, relative: string) => {
    let entries: import('node:fs').Dirent[]
    try {
      const real = fs.realpathSync(folder)
      if (seen.has(real)) return
      seen.add(real)
      entries = fs.readdirSync(folder, { withFileTypes: true })
    }
    catch {
      return // unreadable: fast-glob skips it too
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const path = join(folder, entry.name)
      const shown = relative ? `${relative}/${entry.name}` : entry.name
      const stats = entry.isSymbolicLink() ? statOrUndefined(path) : entry
      if (stats?.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path, shown)
      }
      else if (stats?.isFile()) {
        found.push(shown)
      }
    }
  }
  walk(root, '')
  return found.sort()
}

export const isPromptFile = (file: string) => PROMPT_FILE.test(file)

/** The prompt configs under `root` (`*.prompt.yaml`, `.yml`, `.json`), relative and sorted. */
export function findPromptFiles(root: string): string[] {
  return treeFiles(root).filter(isPromptFile)
}

/** A plain glob as a regular expression over relative paths, or undefined for fast-glob. */
export function plainGlob(glob: string): RegExp | undefined {
  // fast-glob keeps a leading `./` in the paths it returns: such globs stay with it (`.` segment).
  if (!glob || /[[\]!()+@\\]/.test(glob) || glob.startsWith('/') || /(^|\/)\.\.?(\/|$)/.test(glob)) return undefined
  const segments = glob.split('/')
  let source = ''
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1
    if (segment === '**') {
      // Zero or more folders; at the end, anything below.
      source += last ? '.+' : '(?:[^/]+/)*'
      continue
    }
    if (segment.includes('**') || segment === '') return undefined
    const body = segmentSource(segment)
    if (body === undefined) return undefined
    source += last ? body : `${body}/`
  }
  return new RegExp(`^${source}$`)
}

function segmentSource(segment: string): string | undefined {
  let out = ''
  let inBraces = false
  for (const char of segment) {
    if (char === '*') out += '[^/]*'
    else if (char === '?') out += '[^/]'
    else if (char === '{') {
      if (inBraces) return undefined
      inBraces = true
      out += '(?:'
    }
    else if (char === '}') {
      if (!inBraces) return undefined
      inBraces = false
      out += ')'
    }
    else if (char === ',' && inBraces) out += '|'
    else out += char.replace(/[.^$|+(){}]/g, '\\$&')
  }
  // `{a}` without a comma is literal to fast-glob, `{1..3}` a range: leave both to it.
  if (inBraces || /\{[^,}]*\}/.test(segment)) return undefined
  return out
}

function statOrUndefined(path: string) {
  try {
    return nodeFs().statSync(path)
  }
  catch {
    return undefined
  }
}
