/** The message of anything thrown: an error's message, or the value itself as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error || (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string') ? (error as Error).message : String(error)
}
