import type { ClientBase } from 'pg';
import { prepareValue } from 'pg/lib/utils';
import { NamedQuery, run } from './named-query';

/** One execution of a named statement in a pipeline; its result is not read. */
export interface PipelineStep {
  query: NamedQuery;
  values: readonly unknown[];
}

/** The part of pg's connection a pipeline writes to (pg/lib/connection.js). */
interface WireConnection {
  parsedStatements: Record<string, string>;
  stream: { cork?: () => void; uncork?: () => void };
  parse(config: { text: string; name?: string }): void;
  bind(config: { statement?: string; values: unknown[] }): void;
  execute(config: { portal?: string }): void;
  sync(): void;
  sendCopyFail(message: string): void;
}

/**
 * A pg "submittable": every step as Bind and Execute of its prepared statement, then the closing statement (e.g.
 * COMMIT) as an unnamed Parse, Bind and Execute, then one Sync. The server runs them in order and stops at the
 * first error, so the round trip either runs all of them or reports the first failure; rows are discarded.
 */
class PipelinedStatements {
  callback?: (error: Error | null) => void;
  /** The steps' statement names, in order (what a test's statement counter looks at). */
  readonly statementNames: string[];
  private settled = false;
  private readonly bound: { statement: string; values: unknown[] }[];

  constructor(steps: readonly PipelineStep[], private readonly closing?: string) {
    // Mapped before anything is written: a value pg cannot send throws here, with nothing on the wire.
    this.bound = steps.map((step) => ({ statement: step.query.name, values: step.values.map((value) => prepareValue(value)) }));
    this.statementNames = steps.map((step) => step.query.name);
  }

  submit(connection: WireConnection): null {
    connection.stream.cork?.();
    try {
      for (const step of this.bound) {
        connection.bind(step);
        connection.execute({});
      }
      if (this.closing) {
        connection.parse({ text: this.closing });
        connection.bind({ values: [] });
        connection.execute({});
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  private settle(error: Error | null): void {
    if (this.settled) return;
    this.settled = true;
    this.callback?.(error);
  }

  handleError(error: Error): void {
    this.settle(error);
  }

  handleReadyForQuery(): void {
    this.settle(null);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
  handleCopyInResponse(connection: WireConnection): void {
    connection.sendCopyFail('a pipelined statement cannot copy');
  }
}

function connectionOf(client: ClientBase): WireConnection {
  return (client as unknown as { connection: WireConnection }).connection;
}

/** Whether this client's session has prepared every step's statement (pg prepares a named statement on first use). */
function allPrepared(client: ClientBase, steps: readonly PipelineStep[]): boolean {
  const prepared = connectionOf(client).parsedStatements;
  return steps.every((step) => prepared[step.query.name] === step.query.text);
}

/**
 * Runs named statements whose results the caller does not need, then `closing` (a statement without values, such as
 * COMMIT), in one round trip. A round trip of prepared statements is what a multi-statement simple query could not
 * give: that one has to parse and plan every statement on every call. The first time a session meets one of the
 * statements they run one by one, which prepares them. Throws the first statement's error; the ones after it did not
 * run (inside a transaction block, the transaction is then aborted and must be rolled back).
 */
export async function runPipelined(client: ClientBase, steps: readonly PipelineStep[], closing?: string): Promise<void> {
  if (steps.length === 0 && !closing) return;
  if (!allPrepared(client, steps)) {
    for (const step of steps) await run(client, step.query, [...step.values]);
    if (closing) await client.query(closing);
    return;
  }
  const statements = new PipelinedStatements(steps, closing);
  await new Promise<void>((resolve, reject) => {
    statements.callback = (error) => (error ? reject(error) : resolve());
    client.query(statements as never);
  });
}
