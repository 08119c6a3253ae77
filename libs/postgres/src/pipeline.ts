import type { ClientBase, QueryResultRow } from 'pg';
import Result from 'pg/lib/result';
import { prepareValue } from 'pg/lib/utils';
import { NamedQuery, run } from './named-query';

/** One execution of a named statement in a pipeline. */
export interface PipelineStep {
  query: NamedQuery;
  values: readonly unknown[];
}

/** Statements without values around a pipeline's steps, such as BEGIN before them or COMMIT after them. */
export interface PipelineEdges {
  first?: string;
  last?: string;
}

/** The part of pg's connection a pipeline writes to (pg/lib/connection.js). */
interface WireConnection {
  parsedStatements: Record<string, string>;
  stream: { cork?: () => void; uncork?: () => void };
  parse(config: { text: string; name?: string }): void;
  bind(config: { statement?: string; values: unknown[] }): void;
  describe(config: { type: 'P'; name?: string }): void;
  execute(config: { portal?: string }): void;
  sync(): void;
  sendCopyFail(message: string): void;
}

interface FieldsMessage {
  fields: unknown[];
}

/**
 * A pg "submittable": `first` as an unnamed statement, every step as Bind, Describe and Execute of its prepared
 * statement, `last` as an unnamed statement, then one Sync. The server runs them in order and stops at the first
 * error, so the round trip either runs all of them or reports the first failure. Each step's rows are parsed with
 * the client's type parsers, as a query's would be.
 */
class PipelinedStatements {
  callback?: (error: Error | null, rows?: QueryResultRow[][]) => void;
  /** The steps' statement names, in order (what a test's statement counter looks at). */
  readonly statementNames: string[];
  private settled = false;
  private readonly bound: { statement: string; values: unknown[] }[];
  /** One result per statement sent, edges included, in order; `current` is the one being answered. */
  private readonly results: (Result | undefined)[];
  private current = 0;

  constructor(steps: readonly PipelineStep[], private readonly edges: PipelineEdges, types: unknown) {
    // Mapped before anything is written: a value pg cannot send throws here, with nothing on the wire.
    this.bound = steps.map((step) => ({ statement: step.query.name, values: step.values.map((value) => prepareValue(value)) }));
    this.statementNames = steps.map((step) => step.query.name);
    this.results = [...(edges.first ? [undefined] : []), ...steps.map(() => new Result(undefined, types)), ...(edges.last ? [undefined] : [])];
  }

  submit(connection: WireConnection): null {
    const unnamed = (text: string) => {
      connection.parse({ text });
      connection.bind({ values: [] });
      connection.execute({});
    };
    connection.stream.cork?.();
    try {
      if (this.edges.first) unnamed(this.edges.first);
      for (const step of this.bound) {
        connection.bind(step);
        connection.describe({ type: 'P' });
        connection.execute({});
      }
      if (this.edges.last) unnamed(this.edges.last);
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  private settle(error: Error | null): void {
    if (this.settled) return;
    this.settled = true;
    if (error) this.callback?.(error);
    else this.callback?.(null, this.results.filter((result): result is Result => result !== undefined).map((result) => result.rows));
  }

  handleError(error: Error): void {
    this.settle(error);
  }

  handleReadyForQuery(): void {
    this.settle(null);
  }

  handleRowDescription(message: FieldsMessage): void {
    this.results[this.current]?.addFields(message.fields);
  }

  handleDataRow(message: FieldsMessage): void {
    const result = this.results[this.current];
    result?.addRow(result.parseRow(message.fields));
  }

  handleCommandComplete(): void {
    this.current++;
  }

  handleEmptyQuery(): void {
    this.current++;
  }

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
 * Runs named statements in one round trip, between `edges.first` and `edges.last` (statements without values, such
 * as BEGIN and COMMIT), and returns each step's rows. A round trip of prepared statements is what a multi-statement
 * simple query could not give: that one has to parse and plan every statement on every call. The first time a
 * session meets one of the statements they run one by one, which prepares them. Throws the first statement's
 * error; the ones after it did not run (inside a transaction block, the transaction is then aborted and must be
 * rolled back).
 */
export async function runPipelined(client: ClientBase, steps: readonly PipelineStep[], edges: PipelineEdges = {}): Promise<QueryResultRow[][]> {
  if (!allPrepared(client, steps)) {
    if (edges.first) await client.query(edges.first);
    const rows: QueryResultRow[][] = [];
    for (const step of steps) rows.push(await run(client, step.query, step.values));
    if (edges.last) await client.query(edges.last);
    return rows;
  }
  if (steps.length === 0 && !edges.first && !edges.last) return [];
  const statements = new PipelinedStatements(steps, edges, (client as unknown as { _types?: unknown })._types);
  return new Promise<QueryResultRow[][]>((resolve, reject) => {
    statements.callback = (error, rows) => (error ? reject(error) : resolve(rows!));
    client.query(statements as never);
  });
}
