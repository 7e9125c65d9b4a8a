/** What `run` returns or throws, as a promise: a throw becomes a rejection. */
export function settled<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(run())
  }
  catch (error) {
    return Promise.reject(error)
  }
}
