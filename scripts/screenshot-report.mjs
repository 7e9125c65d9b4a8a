// Renders the fixture report (test/fixtures/html-report, run with the real vitest against the fake
// model) and saves a screenshot of it to docs/report-screenshot.png, with a missed case opened.
// Needs the build (`npm run build`) and Debian's chromium: `node scripts/screenshot-report.mjs`.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { runFixture } from '../test/fixtures/html-report/run-fixture.mjs'

const out = fileURLToPath(new URL('../docs/report-screenshot.png', import.meta.url))
const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-screenshot-'))
try {
  const htmlFile = join(dir, 'report.html')
  await runFixture({ reportFile: join(dir, 'report.json'), htmlFile })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', deviceScaleFactor: 1 })
    await page.goto(pathToFileURL(htmlFile).href)
    await page.selectOption('#f-verdict', 'fail')
    await page.click('#cases-body tr:has(td.id:text-is("refund"))')
    await page.screenshot({ path: out, fullPage: true })
  }
  finally {
    await browser.close()
  }
  console.log(`wrote ${out}`)
}
finally {
  await rm(dir, { recursive: true, force: true })
}
