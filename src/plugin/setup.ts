// The setup file the plugin adds to every test file: registers the matchers and reports which
// golden sets and prompt configs the file read (for watch-mode reruns).
import { afterAll } from 'vitest'
import { registerMatchers } from '../matchers/register.js'
import { takeDependencies } from '../util/watched-files.js'

registerMatchers()

// Registered by a setup file, this hook belongs to the test file itself. Vitest parses the
// first parameter as fixtures and insists on a destructuring pattern.
// eslint-disable-next-line no-empty-pattern
afterAll(({}, file) => {
  const files = takeDependencies()
  if (files.length) file.meta.llmDependencies = files
})
