/**
 * Locates JSON inside model output: the whole text, a fenced block, or the first balanced
 * `{...}` / `[...]` with prose around it. Returns candidates in the order they should be tried.
 */

export interface JsonCandidate {
  text: string
  /** Offset of `text` within the original output. */
  offset: number
}

const FENCE = /```[ \t]*(?:json|jsonc|JSON)?[ \t]*\r?\n([\s\S]*?)```/g

export function findJsonCandidates(output: string): JsonCandidate[] {
  const candidates: JsonCandidate[] = []
  const trimmed = output.trim()
  if (trimmed) candidates.push({ text: trimmed, offset: output.indexOf(trimmed) })
  for (const match of output.matchAll(FENCE)) {
    const body = match[1] ?? ''
    candidates.push({ text: body.trim(), offset: match.index + match[0].indexOf(body) + (body.length - body.trimStart().length) })
  }
  for (let start = firstBracket(output, 0); start !== -1; start = firstBracket(output, start + 1)) {
    // An unbalanced span runs to the end: its parse error then says where the JSON broke off.
    const end = balancedEnd(output, start)
    candidates.push({ text: output.slice(start, end === -1 ? undefined : end), offset: start })
    // Only the first few bracketed spans are worth trying; prose rarely holds more JSON.
    if (candidates.length > 8) break
  }
  return candidates
}

function firstBracket(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (text[i] === '{' || text[i] === '[') return i
  return -1
}

/**
 * End offset (exclusive) of the balanced `{...}` / `[...]` at `start`, skipping brackets inside
 * JSON strings; -1 when it never closes.
 */
export function balancedEnd(text: string, start: number): number {
  let depth = 0
  let inString = false
  for (let i = start; i < text.length; i++) {
    const ch = text[i]
    if (inString) {
      if (ch === '\\') i++
      else if (ch === '"') inString = false
      continue
    }
    if (ch === '"') inString = true
    else if (ch === '{' || ch === '[') depth++
    else if (ch === '}' || ch === ']') {
      depth--
      if (depth === 0) return i + 1
    }
  }
  return -1
}
