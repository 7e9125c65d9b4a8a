import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml'

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

/** Parses YAML or JSON text keeping positions. Never throws. */
export function parseWithPositions(text: string): ParsedSource {
  const lineCounter = new LineCounter()
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const toPosition = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }
  const syntaxErrors = doc.errors.map(error => ({ ...toPosition(error.pos[0]), message: error.message.split('\n')[0] ?? error.message }))

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
    value: syntaxErrors.length ? undefined : doc.toJS(),
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
