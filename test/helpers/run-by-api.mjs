// Runs chosen tests of one file through Vitest's API, as an editor extension's "run this test"
// does: `node run-by-api.mjs <file> name <pattern>` or `... id <test name>` (the id is found
// by collecting the file first, as an editor knows it from its test tree).
import { resolve } from 'node:path'
import { createVitest } from 'vitest/node'

const [file, how, value] = process.argv.slice(2)
const vitest = await createVitest('test', { watch: false })
await vitest.standalone()
const project = vitest.projects[0]
const moduleId = resolve(file)
let options
if (how === 'name') options = { testNamePattern: new RegExp(value) }
else {
  const { testModules } = await vitest.collect([moduleId], { staticParse: false })
  const test = testModules.flatMap(m => [...m.children.allTests()]).find(t => t.name === value)
  if (!test) throw new Error(`no test named ${value} in ${file}`)
  options = { testIds: [test.id] }
}
await vitest.runTestSpecifications([project.createSpecification(moduleId, options)])
await vitest.close()
