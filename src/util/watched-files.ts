/**
 * Data files (golden sets, prompt configs) read by the current test file. The setup file copies
 * them into the file's meta, and the reporter maps them back to test files, so that editing a
 * golden file in watch mode reruns the tests that read it. Plain module state: it must not
 * import vitest, since loaders also run outside tests.
 */
const read = new Set<string>()

export function noteDependency(absolutePath: string): void {
  read.add(absolutePath)
}

/** Returns and forgets the files noted so far. */
export function takeDependencies(): string[] {
  const files = [...read]
  read.clear()
  return files
}
