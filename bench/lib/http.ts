import { Socket, connect } from 'node:net';
import { parseResponseHead } from './http-response';

export interface HttpResult {
  status: number;
  body: any;
  ms: number;
}

interface Pending {
  head?: { status: number; contentLength?: number; chunked: boolean; close: boolean; bodyStart: number };
  buffer: Buffer;
  finish: (error: Error | undefined, status?: number, body?: Buffer) => void;
}

/** One keep-alive connection carrying one request at a time. */
class Connection {
  readonly socket: Socket;
  pending?: Pending;
  closed = false;

  constructor(host: string, port: number, private readonly onIdle: (connection: Connection) => void) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    const fail = (error?: Error) => {
      this.closed = true;
      this.pending?.finish(error ?? new Error('the server closed the connection'));
      this.pending = undefined;
    };
    this.socket.on('error', fail);
    this.socket.on('close', () => fail());
  }

  send(request: Buffer, finish: Pending['finish']): void {
    this.pending = { buffer: Buffer.alloc(0), finish };
    this.socket.write(request);
  }

  private receive(chunk: Buffer): void {
    const pending = this.pending;
    if (!pending) return;
    pending.buffer = pending.buffer.length ? Buffer.concat([pending.buffer, chunk]) : chunk;
    if (!pending.head) {
      const head = parseResponseHead(pending.buffer);
      if (!head) return;
      pending.head = head;
    }
    const body = completeBody(pending.buffer, pending.head);
    if (body === undefined) return;
    this.pending = undefined;
    if (pending.head.close) {
      this.closed = true;
      this.socket.end();
    }
    pending.finish(undefined, pending.head.status, body);
    if (!this.closed) this.onIdle(this);
  }
}

/** The whole body once it has arrived (content-length or chunked), else undefined. */
function completeBody(buffer: Buffer, head: NonNullable<Pending['head']>): Buffer | undefined {
  if (head.chunked) {
    const parts: Buffer[] = [];
    let at = head.bodyStart;
    for (;;) {
      const lineEnd = buffer.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
      if (size === 0) return buffer.indexOf('\r\n', lineEnd + 2) < 0 ? undefined : Buffer.concat(parts);
      if (buffer.length < lineEnd + 2 + size + 2) return undefined;
      parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  const length = head.contentLength ?? 0;
  return buffer.length - head.bodyStart >= length ? buffer.subarray(head.bodyStart, head.bodyStart + length) : undefined;
}

/**
 * Keep-alive connections per host. The load generator shares 2 cores with the platform it measures, the way
 * pgbench shares them with Postgres for the raw limit. node:http's client spent about 110 µs of CPU per order
 * read; writing requests and parsing responses by hand here takes about 75 µs.
 */
class ConnectionPool {
  private readonly idle: Connection[] = [];

  constructor(private readonly host: string, private readonly port: number) {}

  request(raw: Buffer): Promise<{ status: number; body: Buffer }> {
    return new Promise((resolve, reject) => {
      let connection = this.idle.pop();
      while (connection?.closed) connection = this.idle.pop();
      connection ??= new Connection(this.host, this.port, (free) => this.idle.push(free));
      const timer = setTimeout(() => connection!.socket.destroy(new Error('timed out after 30 s')), 30_000);
      connection.send(raw, (error, status, body) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve({ status: status!, body: body! });
      });
    });
  }
}

const pools = new Map<string, ConnectionPool>();

/** A lean keep-alive JSON client for load generation (see ConnectionPool). */
export async function http(method: string, url: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<HttpResult> {
  const started = performance.now();
  const target = new URL(url);
  let pool = pools.get(target.host);
  if (!pool) pools.set(target.host, (pool = new ConnectionPool(target.hostname, Number(target.port || 80))));
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  let head = `${method} ${target.pathname}${target.search} HTTP/1.1\r\nhost: ${target.host}\r\n`;
  if (payload) head += `content-type: application/json\r\ncontent-length: ${payload.length}\r\n`;
  if (options.token) head += `authorization: Bearer ${options.token}\r\n`;
  for (const [name, value] of Object.entries(options.headers ?? {})) head += `${name}: ${value}\r\n`;
  const raw = payload ? Buffer.concat([Buffer.from(`${head}\r\n`), payload]) : Buffer.from(`${head}\r\n`);
  const response = await pool.request(raw).catch((error: Error) => {
    throw new Error(`${method} ${url}: ${error.message}`);
  });
  const text = response.body.toString('utf8');
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* keep text */
  }
  return { status: response.status, body, ms: performance.now() - started };
}
