import { fsPromises, nodeFs } from '../util/builtins.js'
import { loadCsv } from '../util/lazy-modules.js'
import { parseWithPositions, stripBom } from '../util/source-map.js'
import type { GoldenProblem } from './golden-error.js'

/** A raw record from a golden file and where it starts; `at(field)` locates a field's line. */
export interface RawRecord {
  value: unknown
  line: number
  at?: (field: string) => number
}

export type RecordSink = (record: RawRecord) => void

/** Reads one file: `path` to open, `file` to name in problems. */
export type RecordReader = (path: string, file: string, sink: RecordSink, problems: GoldenProblem[]) => Promise<void>

// Smaller files are read whole and split: the line reader's per-line promises cost more than the
// parsing. Larger ones are streamed, so a huge file never sits in memory as one string.
const READ_WHOLE_BYTES = 16 * 2 ** 20

/** Reads a JSONL file line by line (streamed above `readWholeBytes`); a leading BOM is ignored. */
export const jsonlReader = (readWholeBytes: number): RecordReader => async (path, file, sink, problems) => {
  let line = 0
  const take = (text: string) => {
    line++
    // A byte order mark can only start the first line.
    const record = line === 1 ? stripBom(text) : text
    if (record.trim() === '') return
    try {
      sink({ value: JSON.parse(record), line })
    }
    catch (error) {
      problems.push({ file, line, message: `invalid JSON: ${(error as Error).message}` })
    }
  }
  if ((await fsPromises().stat(path)).size <= readWholeBytes) {
    for (const text of (await fsPromises().readFile(path, 'utf8')).split(/\r\n|\r|\n/)) take(text)
    return
  }
  for await (const text of process.getBuiltinModule('node:readline').createInterface({ input: nodeFs().createReadStream(path, 'utf8'), crlfDelay: Infinity })) take(text)
}

export const readJsonl = jsonlReader(READ_WHOLE_BYTES)

/** A `.json` array or a `.yaml` list, with each element's and field's line; a leading BOM is ignored. */
export const readStructured: RecordReader = async (path, file, sink, problems) => {
  const text = stripBom(await fsPromises().readFile(path, 'utf8'))
  const kind = file.endsWith('.json') ? 'JSON' : 'YAML'
  let value: unknown
  let source: ReturnType<typeof parseWithPositions> | undefined
  if (kind === 'JSON') {
    try {
      value = JSON.parse(text)
    }
    catch (error) {
      const match = /position (\d+)/.exec((error as Error).message)
      const line = match ? text.slice(0, Number(match[1])).split('\n').length : 1
      problems.push({ file, line, message: `invalid JSON: ${(error as Error).message}` })
      return
    }
  }
  else {
    source = parseWithPositions(text)
    for (const e of source.syntaxErrors) problems.push({ file, line: e.line, message: `YAML syntax error: ${e.message}` })
    if (source.syntaxErrors.length) return
    value = source.value
  }
  if (!Array.isArray(value)) {
    problems.push({ file, line: 1, message: `expected a list of examples at the top level, received ${value === null ? 'null' : typeof value}` })
    return
  }
  // Positions are only needed to report problems, so JSON is re-parsed with positions lazily.
  const positions = () => (source ??= parseWithPositions(text))
  value.forEach((item, index) => sink({
    value: item,
    get line() {
      return positions().positionOf([index]).line
    },
    at: field => positions().positionOf([index, field]).line,
  }))
}

/**
 * A CSV file with a header row. Cells holding JSON (`{...}`, `[...]`) are parsed; list fields
 * (`must_contain`, `must_not_contain`, `tags`) may also be `|`-separated; empty cells are absent.
 */
export const readCsv: RecordReader = async (path, file, sink, problems) => {
  const text = await fsPromises().readFile(path, 'utf8')
  let rows: Array<{ record: Record<string, string>, info: { lines: number } }>
  try {
    rows = loadCsv().parse(text, { columns: true, info: true, skip_empty_lines: true, trim: false, bom: true }) as typeof rows
  }
  catch (error) {
    const line = (error as { lines?: number }).lines ?? 1
    problems.push({ file, line, message: `invalid CSV: ${(error as Error).message}` })
    return
  }
  for (const { record, info } of rows) {
    const value: Record<string, unknown> = {}
    for (const [key, cell] of Object.entries(record)) {
      if (cell === '') continue
      const trimmed = cell.trim()
      if (/^[[{]/.test(trimmed)) {
        try {
          value[key] = JSON.parse(trimmed)
          continue
        }
        catch {
          // Not JSON after all: keep the text.
        }
      }
      if (key === 'weight' && Number.isFinite(Number(trimmed))) value[key] = Number(trimmed)
      else if (key === 'exact_match' && (trimmed === 'true' || trimmed === 'false')) value[key] = trimmed === 'true'
      else if (['must_contain', 'must_not_contain', 'tags'].includes(key)) value[key] = cell.split('|').map(s => s.trim()).filter(Boolean)
      else value[key] = cell
    }
    sink({ value, line: info.lines })
  }
}
