import type { Socket } from 'node:net'

/**
 * Writes JSON lines to a socket, coalescing the lines of one tick into one write. The limit
 * service exchanges several small messages per LLM call (slot, free, outcome); written one by
 * one each was a syscall, which cost more CPU than the call's own HTTP request.
 */
export class LineWriter {
  private lines: string[] = []

  constructor(readonly socket: Socket) {}

  write(message: unknown): void {
    if (this.lines.push(`${JSON.stringify(message)}\n`) === 1) queueMicrotask(() => this.flush())
  }

  private flush(): void {
    const text = this.lines.join('')
    this.lines = []
    if (!this.socket.destroyed) this.socket.write(text)
  }
}
