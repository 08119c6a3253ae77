/** Every usage error ends with this, so a user who mistyped is told where the options are listed. */
export const HELP_HINT = 'run with --help to see the options';

/** A command line the tool cannot run with; tools print it on one line and exit 2. */
export class UsageError extends Error {
  constructor(readonly reason: string) {
    super(`${reason}; ${HELP_HINT}`);
    this.name = 'UsageError';
  }
}

/**
 * Runs a command-line parser; on a UsageError prints `<tool>: <reason>; run with --help ...` to stderr and
 * exits 2 instead of a stack trace (loadConfigOrExit does the same for environment variables).
 */
export function usageOrExit<T>(tool: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${tool}: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
