// Fails when imports under src/ form a circle, between folders (a stage and the stages it
// leans on) or between files, type-only imports included. `npm test` runs it before the tests.
// Usage: node scripts/import-circles.mjs [root]   → prints the circles, exit 1 when there are any.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The import graph of a source folder: file → files, folder → folders. */
export function importGraph(srcDir) {
  const files = readdirSync(srcDir, { recursive: true }).map(String).filter(f => /\.m?ts$/.test(f) && !f.endsWith('.d.ts')).map(f => join(srcDir, f))
  const folderOf = file => relative(srcDir, file).split(sep)[0].replace(/\.m?ts$/, '')
  const fileEdges = new Map(files.map(f => [f, new Set()]))
  const folderEdges = new Map()
  for (const file of files) {
    const from = folderOf(file)
    if (!folderEdges.has(from)) folderEdges.set(from, new Set())
    // Static, type-only, re-export and dynamic imports alike.
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = [resolve(dirname(file), spec).replace(/\.js$/, '.ts'), resolve(dirname(file), `${spec}.ts`), join(resolve(dirname(file), spec), 'index.ts')].find(existsSync)
      if (!target) continue
      fileEdges.get(file).add(target)
      if (folderOf(target) !== from) folderEdges.get(from).add(folderOf(target))
    }
  }
  return { fileEdges, folderEdges }
}

/** Strongly connected components with more than one member (Tarjan). */
export function circles(graph) {
  let index = 0
  const order = new Map(); const low = new Map(); const stack = []; const onStack = new Set(); const found = []
  const visit = (v) => {
    order.set(v, index); low.set(v, index++); stack.push(v); onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))) }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), order.get(w)))
    }
    if (low.get(v) !== order.get(v)) return
    const component = []
    let w
    do { w = stack.pop(); onStack.delete(w); component.push(w) } while (w !== v)
    if (component.length > 1) found.push(component)
  }
  for (const v of graph.keys()) if (!order.has(v)) visit(v)
  return found
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srcDir = resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)), 'src')
  const { fileEdges, folderEdges } = importGraph(srcDir)
  const folders = circles(folderEdges)
  const files = circles(fileEdges)
  for (const c of folders) console.error(`import circle between folders: ${c.join(' → ')}`)
  for (const c of files) console.error(`import circle between files: ${c.map(f => relative(srcDir, f)).join(' → ')}`)
  if (folders.length + files.length) process.exitCode = 1
  else console.log(`no import circles under src/ (${fileEdges.size} files, ${folderEdges.size} folders)`)
}
