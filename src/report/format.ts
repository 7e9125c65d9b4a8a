/** Number formats shared by the terminal summary and the Markdown report. */
export const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`)
export const score = (x: number) => x.toFixed(2)
export const usd = (x: number) => `$${x < 0.01 && x > 0 ? x.toFixed(5) : x.toFixed(4)}`
export const tokens = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : String(n))
export const ci = ([lo, hi]: readonly [number, number], f: (x: number) => string) => `${f(lo)}–${f(hi)}`
export const trim = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)
