import type { Document } from 'yaml'
import { loadYaml } from './lazy-modules.js'

/**
 * Positions of values inside a YAML or JSON file, so problems found after parsing can still be
 * reported as `file:line:col`. JSON is parsed with the YAML parser too (JSON is YAML), which
 * keeps one position-aware code path for both formats.
 */

export interface Position {
  line: number
  column: number
}

export interface ParsedSource {
  value: unknown
  /** Syntax errors with their positions; `value` is undefined when there are any. */
  syntaxErrors: Array<Position & { message: string }>
  /** The 1-based position of the node at a path of keys/indices, or of its nearest parent. */
  positionOf(path: ReadonlyArray<string | number>): Position
  /** The position of the key of the last path element (where a mapping entry is written). */
  keyPositionOf(path: ReadonlyArray<string | number>): Position
  /** The source offset where the value at `path` starts, if it exists. */
  offsetOf(path: ReadonlyArray<string | number>): number | undefined
}

/** A UTF-8 byte order mark, which some editors (and Excel) write at the start of a file. */
const BOM = '\uFEFF'

/** The text without a leading byte order mark; every file we read goes through this. */
export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text
}

/** Most aliases a document may expand (the `yaml` package's own default), against "billion laughs" files. */
const MAX_ALIAS_COUNT = 100

/**
 * Parses YAML or JSON text keeping positions. Never throws: syntax errors, and aliases that
 * expand too far (a "billion laughs" file), are returned as located `syntaxErrors`. A leading
 * byte order mark is ignored.
 */
export function parseWithPositions(input: string): ParsedSource {
  const text = stripBom(input)
  const { LineCounter, parseDocument, isMap, isScalar, isSeq } = loadYaml()
  const lineCounter = new LineCounter()
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const toPosition = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }
  const syntaxErrors = doc.errors.map(error => ({ ...toPosition(error.pos[0]), message: error.message.split('\n')[0] ?? error.message }))
  let value: unknown
  if (!syntaxErrors.length) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
    }
    catch (error) {
      syntaxErrors.push({ ...toPosition(firstAliasOffset(doc)), message: aliasMessage(error) })
    }
  }

  function nodeAt(path: ReadonlyArray<string | number>): { node: unknown, complete: boolean } {
    let node: unknown = doc.contents
    for (const key of path) {
      let next: unknown
      if (isMap(node)) next = node.items.find(pair => isScalar(pair.key) && pair.key.value === key)?.value
      else if (isSeq(node) && typeof key === 'number') next = node.items[key]
      if (next === undefined || next === null) return { node, complete: false }
      node = next
    }
    return { node, complete: true }
  }
  const rangeStart = (node: unknown): number => {
    const range = (node as { range?: [number, number, number] } | null)?.range
    return range ? range[0] : 0
  }

  return {
    value: syntaxErrors.length ? undefined : value,
    syntaxErrors,
    positionOf: path => toPosition(rangeStart(nodeAt(path).node)),
    keyPositionOf: (path) => {
      const parent = nodeAt(path.slice(0, -1))
      const key = path.at(-1)
      const pair = isMap(parent.node) ? parent.node.items.find(p => isScalar(p.key) && p.key.value === key) : undefined
      return toPosition(rangeStart(pair?.key ?? parent.node))
    },
    offsetOf: (path) => {
      const found = nodeAt(path)
      return found.complete ? rangeStart(found.node) : undefined
    },
  }
}

/** Converts a 0-based offset into a 1-based line and column. */
export function positionAt(text: string, offset: number): Position {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

function firstAliasOffset(doc: Document): number {
  const { visit } = loadYaml()
  let offset = 0
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0
      return visit.BREAK
    },
  })
  return offset
}

function aliasMessage(error: unknown): string {
  const message = (error as Error)?.message ?? String(error)
  if (/alias/i.test(message)) return `aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT} alias uses): refusing the file as a resource-exhaustion risk; write the values out instead of nesting aliases`
  return message.split('\n')[0] ?? message
}
