import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { contentWords } from './words.js'

/** A passage of the knowledge base. */
export interface Passage {
  source: string
  text: string
}

/** Loads every `docs/*.md` file as one passage. */
export async function loadDocs(dir: string): Promise<Passage[]> {
  const files = (await readdir(dir)).filter(f => f.endsWith('.md')).sort()
  return Promise.all(files.map(async file => ({ source: file, text: (await readFile(join(dir, file), 'utf8')).trim() })))
}

/**
 * A tiny retrieval step: ranks passages by how many of the question's content words they
 * contain, and keeps the best `k`. Real systems use embeddings; the shape of the step is the same.
 */
export function retrieve(question: string, passages: readonly Passage[], k = 2): Passage[] {
  const words = contentWords(question)
  return passages
    .map(p => ({ p, score: contentWords(p.text).filter(w => words.includes(w)).length }))
    .filter(r => r.score > 0)
    .sort((a, b) => b.score - a.score || a.p.source.localeCompare(b.p.source))
    .slice(0, k)
    .map(r => r.p)
}

/** The context block given to the model. */
export function formatContext(passages: readonly Passage[]): string {
  return passages.length ? passages.map(p => `[source: ${p.source}]\n${p.text}`).join('\n\n') : '(no matching documents)'
}
