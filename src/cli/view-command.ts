import { spawn } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { DEFAULTS } from '../config/options.js'
import { escapeHtml } from '../report/html/escape.js'
import { renderHtml } from '../report/html/render-html.js'
import { readReport } from '../report/read-report.js'
import { errorMessage } from '../util/error-message.js'
import { baselineOf } from './html-output.js'
import type { CliIo } from './io.js'

/** The path the page polls for the report's version; it reloads when the answer changes. */
export const VERSION_PATH = '/__vitest-llm/version'

/** A running `vitest-llm view` server. */
export interface ViewServer {
  url: string
  close(): Promise<void>
}

/** The report file's version: its modification time and size, or `missing`. */
async function versionOf(file: string): Promise<string> {
  try {
    const s = await stat(file)
    return `${s.mtimeMs}:${s.size}`
  }
  catch {
    return 'missing'
  }
}

/** A page without the report (none yet, or unreadable) that refreshes itself until there is one. */
function waitingPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2"><link rel="icon" href="data:,"><title>vitest-llm report</title></head><body style="font:14px system-ui;margin:40px"><h1>vitest-llm report</h1><p>${escapeHtml(message)}</p><p>This page reloads every 2 seconds.</p></body></html>`
}

/**
 * Serves the HTML of a report file on loopback only (`127.0.0.1`, a free port unless `port` is
 * given). Each request renders the file as it is now; the page polls {@link VERSION_PATH} and
 * reloads when the file changes, so it can stay open beside `vitest` in watch mode. Requests
 * naming another host (DNS rebinding) are refused.
 */
export async function startViewServer(options: { file: string, cwd: string, port?: number }): Promise<ViewServer> {
  const { file, cwd } = options
  let allowedHosts: string[] = []
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' })
      res.end(body)
    }
    if (!allowedHosts.includes(req.headers.host ?? '')) return send(403, 'text/plain', 'forbidden host')
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed')
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    if (path === VERSION_PATH) return send(200, 'text/plain', await versionOf(file))
    if (path !== '/' && path !== '/index.html') return send(404, 'text/plain', 'not found')
    const version = await versionOf(file)
    if (version === 'missing') return send(200, 'text/html', waitingPage(`No report yet at ${file}: run vitest with the vitest-llm plugin.`))
    try {
      const report = await readReport(file)
      const html = renderHtml(report, { baseline: await baselineOf(report, cwd), liveReload: { path: VERSION_PATH, version } })
      return send(200, 'text/html', html)
    }
    catch (error) {
      return send(200, 'text/html', waitingPage(errorMessage(error)))
    }
  }
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`]
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

/** Opens a URL in the default browser when there is one; failures are ignored. */
export function openBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin'
    ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]]
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true })
    child.on('error', () => {})
    child.unref()
  }
  catch {}
}

/**
 * `vitest-llm view [file] [--no-open] [--port n]`: serves the report's HTML on 127.0.0.1,
 * prints the address, opens the default browser unless `--no-open`, and reloads the page when
 * the report changes. Runs until interrupted (Ctrl-C), then exits 0.
 */
export async function viewCommand(argv: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { 'no-open': { type: 'boolean' }, 'port': { type: 'string' } } })
  const file = positionals[0] ?? DEFAULTS.reportJson
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr(`vitest-llm view: --port must be a port number (0–65535), got \`${values.port}\``)
    return 2
  }
  let server: ViewServer
  try {
    server = await startViewServer({ file: io.resolve(file), cwd: io.cwd, port })
  }
  catch (error) {
    io.stderr(`vitest-llm view: cannot listen on 127.0.0.1:${port}: ${errorMessage(error)}`)
    return 1
  }
  io.stdout(`vitest-llm view: ${file} at ${server.url} (reloads when the report changes; Ctrl-C to stop)`)
  if (!values['no-open']) openBrowser(server.url)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
  await server.close()
  return 0
}
