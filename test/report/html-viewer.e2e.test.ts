import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LlmReport } from 'vitest-llm'
// @ts-expect-error -- a plain .mjs module shared with scripts/screenshot-report.mjs
import { runFixture } from '../fixtures/html-report/run-fixture.mjs'
import { startViewServer, VERSION_PATH } from '../../src/cli/view-command.js'

const CHROMIUM = '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.warn(`html-viewer e2e skipped: no Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium package; install it with \`apt-get install -y chromium\`)`)

let dir: string
let report: LlmReport
let htmlFile: string
let browser: Browser
const baseline = JSON.parse(await readFile(new URL('../fixtures/html-report/baseline.json', import.meta.url), 'utf8')) as { cases: Record<string, { verdict: string }> }

beforeAll(async () => {
  if (!hasChromium) return
  dir = await mkdtemp(join(tmpdir(), 'vitest-llm-html-'))
  htmlFile = join(dir, 'report.html')
  const run = await runFixture({ reportFile: join(dir, 'report.json'), htmlFile }) as { report: LlmReport, output: string }
  report = run.report
  const { chromium } = await import('playwright-core')
  // Playwright gives every launch a fresh temporary --user-data-dir (it refuses one in `args`).
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** Opens the report offline, every request aborted; collects console errors and requests. */
async function openOffline(): Promise<{ page: Page, errors: string[], requests: string[] }> {
  const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } })
  const requests: string[] = []
  await context.route('**/*', (route) => {
    requests.push(route.request().url())
    return route.request().url().startsWith('file:') ? route.continue() : route.abort()
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()) })
  page.on('pageerror', error => errors.push(error.message))
  await page.goto(pathToFileURL(htmlFile).href)
  await page.waitForSelector('#cases-body tr')
  return { page, errors, requests: requests.filter(url => !url.startsWith('file:')) }
}

describe.skipIf(!hasChromium)('the HTML report in Chromium', () => {
  it('comes from a run with passes, misses, errors, judge scores, trials and a regression', () => {
    const verdicts = new Set(report.cases.map(c => c.verdict))
    expect([...verdicts].sort()).toEqual(['error', 'fail', 'pass'])
    expect(Object.keys(report.metrics.scores).sort()).toEqual(['accuracy', 'relevance'])
    expect(report.metrics.trials).toHaveLength(2)
    expect(report.regression?.golden?.worsened).toBeGreaterThan(0)
  })

  it('shows the verdict, each gate rule, the charts; filters, opens cases; offline, without console errors', async () => {
    const { page, errors, requests } = await openOffline()
    expect(await page.textContent('#verdict')).toContain('FAILED')
    expect(await page.textContent('#verdict')).toContain('gate failed')

    const rules = await page.$$eval('table.rules tbody tr', rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.textContent)))
    expect(rules.map(r => r[1])).toEqual(['golden pass rate', 'relevance', 'accuracy', 'error rate', 'no regression vs baseline.json'])
    expect(rules.map(r => r[5])).toEqual(['fail', 'pass', 'fail', 'fail', 'fail'])
    const golden = report.metrics.golden
    expect(rules[0]![2]).toContain(`(${golden.passed}/${golden.passed + golden.failed})`)
    expect(rules[0]![4]).toBe('≥ 90.0%')

    // Charts: one pass-rate bar, five bars per criterion, one mark per trial, a bar per suite in two charts.
    const count = (selector: string) => page.locator(selector).count()
    expect(await count('#charts .mark.pass-rate')).toBe(1)
    expect(await count('#charts .mark.score-bar')).toBe(5 * 2)
    expect(await count('#charts .mark.trial')).toBe(report.metrics.trials.length)
    expect(await count('#charts .mark.suite-bar')).toBe(2 * new Set(report.cases.map(c => c.suite)).size)
    // Threshold lines: golden, one per gated criterion, one required rate per trial.
    // Each trials() test also gets its path to the verdict: the pass rate after each run in its
    // anytime-valid band, with the required rate as a threshold line.
    const withPath = report.metrics.trials.filter(t => (t.path?.length ?? 0) > 1).length
    expect(withPath).toBe(report.metrics.trials.length)
    expect(await count('#charts polyline.path')).toBe(withPath)
    expect(await count('#charts line.threshold')).toBe(1 + 2 + report.metrics.trials.length + withPath)
    const bars = await page.$$eval('#charts .mark.score-bar', els => els.map(e => Number(e.getAttribute('data-count'))))
    expect(bars.slice(0, 5).reduce((a, b) => a + b, 0) + bars.slice(5).reduce((a, b) => a + b, 0)).toBe(report.metrics.scores.relevance!.n + report.metrics.scores.accuracy!.n)

    // Against the baseline: the newly failing cases, listed first, with the p-value.
    const newlyFailing = report.cases.filter(c => baseline.cases[`${c.suite} › ${c.id}`]?.verdict === 'pass' && c.verdict !== 'pass').map(c => `${c.suite} › ${c.id}`)
    expect(await page.$$eval('#regression table.newly-failing tbody td:first-child', tds => tds.map(td => td.textContent))).toEqual(newlyFailing)
    expect(await page.textContent('#regression')).toContain(`McNemar mid-p = ${report.regression!.golden!.pValue.toPrecision(3)}`)
    expect(await page.$$eval('#regression table', ts => ts.map(t => t.className))).toEqual(['changed newly-failing', 'changed newly-passing'])

    // Filter to misses: exactly the missed cases.
    await page.selectOption('#f-verdict', 'fail')
    const missed = await page.$$eval('#cases-body tr', rows => rows.map(r => r.querySelector('td.id')!.textContent))
    expect(missed.sort()).toEqual(report.cases.filter(c => c.verdict === 'fail').map(c => c.id).sort())

    // Open a miss: its output, and the missing phrase highlighted.
    await page.click('#cases-body tr:has(td.id:text-is("chile"))')
    expect(await page.textContent('#detail pre.ev-output')).toBe('I am not sure, maybe Valparaíso?')
    expect(await page.textContent('#detail .reason')).toContain('missing "Santiago"')
    expect(await page.textContent('#detail .missing-list mark.missing')).toBe('Santiago')

    // Open a judged case: each criterion's score and reason.
    await page.selectOption('#f-verdict', '')
    await page.fill('#f-search', 'warranty')
    await expect.poll(() => page.locator('#cases-body tr').count()).toBe(1)
    await page.click('#cases-body tr')
    const scores = await page.$$eval('#detail table.case-scores tbody tr', rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.textContent)))
    expect(scores).toEqual([['relevance', '2 / 5', '4', 'Vague; does not say what the warranty covers.'], ['accuracy', '1 / 5', '4', 'Omits the two-year term.']])

    // An errored case shows its error message.
    await page.fill('#f-search', '')
    await page.selectOption('#f-verdict', 'error')
    await expect.poll(() => page.$$eval('#cases-body td.id', tds => tds.map(td => td.textContent))).toEqual(['shipping'])
    await page.click('#cases-body tr')
    expect(await page.textContent('#detail .error-message')).toMatch(/Error: .*500/)

    // Model output is shown as text, never run.
    await page.selectOption('#f-verdict', '')
    await page.fill('#f-search', 'safe')
    await expect.poll(() => page.locator('#cases-body tr').count()).toBe(1)
    await page.click('#cases-body tr')
    expect(await page.textContent('#detail pre.ev-output')).toBe('<img src=x onerror="window.__xss = 2"> safe & sound')
    expect(await page.evaluate(() => typeof (globalThis as { __xss?: number }).__xss)).toBe('undefined')

    expect(errors).toEqual([])
    expect(requests).toEqual([])
    await page.context().close()
  })

  it('sorts and pages', async () => {
    const { page } = await openOffline()
    await page.click('th[data-sort="id"]')
    const ids = await page.$$eval('#cases-body td.id', tds => tds.map(td => td.textContent!))
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    await page.click('th[data-sort="id"]')
    expect(await page.getAttribute('th[data-sort="id"]', 'aria-sort')).toBe('descending')
    expect(await page.textContent('#count')).toBe(`${report.cases.length} of ${report.cases.length} cases`)
    await page.context().close()
  })

  it('`vitest-llm view` serves on loopback, refuses other hosts, and reloads when the report changes', async () => {
    const file = join(dir, 'view.json')
    await writeFile(file, JSON.stringify(report))
    const server = await startViewServer({ file, cwd: dir })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(server.url, { headers: { host: 'attacker.example' } }, res => resolve(res.statusCode!))
        req.on('error', reject)
        req.end()
      })
      expect(status).toBe(403)
      expect(await (await fetch(new URL(VERSION_PATH, server.url))).text()).toMatch(/^\d/)

      const page = await browser.newPage()
      const errors: string[] = []
      page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()) })
      await page.goto(server.url)
      await page.waitForSelector('#cases-body tr')
      expect(await page.textContent('#verdict')).toContain('gate failed')
      const reloaded = page.waitForEvent('load', { timeout: 10_000 })
      await writeFile(file, JSON.stringify({ ...report, passed: true, gate: { ...report.gate, passed: true, failures: [] } }))
      await reloaded
      await page.waitForSelector('#cases-body tr')
      expect(await page.textContent('#verdict')).toContain('gate passed')
      expect(errors).toEqual([])
      await page.close()
    }
    finally {
      await server.close()
    }
  })
})
