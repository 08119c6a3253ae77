import { ParsedCommandLine } from './parse-options';
import { UsageError } from './usage-error';

export const DLQ_SERVICES = ['orders', 'inventory', 'payments', 'projections'] as const;
export const DLQ_COMMANDS = ['list', 'redrive', 'lag'] as const;

export const DLQ_OPTIONS = {
  service: { type: 'string', choices: DLQ_SERVICES },
  ids: { type: 'string' },
  limit: { type: 'integer', min: 1, max: 1000 },
} as const;

export interface DlqRequest {
  command: (typeof DLQ_COMMANDS)[number];
  service?: (typeof DLQ_SERVICES)[number];
  ids?: string[];
  /** How many dead letters `list` shows per service, oldest first (default 100). */
  limit?: number;
}

/** The dlq command asked for; undefined when no command was given (the tool then prints its help). */
export function dlqRequest({ options, positionals }: ParsedCommandLine<typeof DLQ_OPTIONS>): DlqRequest | undefined {
  const [command] = positionals;
  if (command === undefined) return undefined;
  if (!(DLQ_COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command "${command}": one of ${DLQ_COMMANDS.join(', ')}`);
  if (options.limit !== undefined && command !== 'list') throw new UsageError('--limit only goes with list');
  if (options.ids === undefined) return { command: command as DlqRequest['command'], service: options.service, ...(options.limit !== undefined ? { limit: options.limit } : {}) };
  if (command !== 'redrive') throw new UsageError(`--ids only goes with redrive`);
  // Dead-letter ids are numbered per service (each has its own dead_letters table): id 7 names a different letter in each.
  if (!options.service) throw new UsageError('redrive --ids needs --service: dead-letter ids are per service');
  const ids = options.ids.split(',').map((id) => id.trim());
  if (ids.some((id) => !/^[1-9]\d*$/.test(id))) throw new UsageError(`--ids needs dead-letter ids like 1,2,3, got "${options.ids}"`);
  return { command, service: options.service, ids };
}

/** A redrive's exit code: 1 when a letter still fails or an id asked for was not a pending dead letter, else 0. */
export function redriveExitCode(result: { failed: unknown[]; notFound?: unknown[] }): number {
  return result.failed.length > 0 || (result.notFound ?? []).length > 0 ? 1 : 0;
}
