/**
 * Wraps an LSP handler so that an exception is logged and answered with `fallback` instead of
 * reaching the connection: one bad request must never take the server down.
 */
export function guarded<P extends unknown[], R>(
  name: string,
  log: (message: string) => void,
  fallback: R,
  handler: (...args: P) => R | Promise<R>,
): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await handler(...args);
    } catch (error) {
      log(`mltraps: ${name} failed: ${describeError(error)}`);
      return fallback;
    }
  };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
