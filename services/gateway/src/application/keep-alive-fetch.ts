import { Agent, IncomingMessage, request } from 'node:http';

/** The part of fetch's answer the upstream client reads. */
export interface LeanResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface LeanInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

// Internal hops only: plenty of sockets, kept open between requests.
const agent = new Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 10_000 });

/**
 * fetch's contract for the gateway's internal calls over node:http with a keep-alive pool. Node's fetch (undici
 * with web streams) cost the gateway about a third of its CPU per proxied request on 2 cores (docs/PERFORMANCE.md);
 * this keeps the behaviour the client relies on: a non-2xx is an answer, not an error, and an
 * aborted signal rejects with the signal's reason (a TimeoutError for AbortSignal.timeout).
 */
export function keepAliveFetch(url: string, init: LeanInit = {}): Promise<LeanResponse> {
  return new Promise((resolve, reject) => {
    const { signal } = init;
    if (signal?.aborted) return reject(signal.reason);
    const target = new URL(url);
    const headers: Record<string, string | number> = { ...(init.headers ?? {}) };
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    const req = request({ agent, method: init.method ?? 'GET', hostname: target.hostname, port: target.port, path: target.pathname + target.search, headers });
    const onAbort = () => req.destroy(signal!.reason as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(signal?.aborted ? signal.reason : error);
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      const body = new Promise<string>((done, fail) => {
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          signal?.removeEventListener('abort', onAbort);
          done(Buffer.concat(chunks).toString('utf8'));
        });
        res.on('error', (error) => fail(signal?.aborted ? signal.reason : error));
      });
      body.catch(() => undefined); // read through text(); an unread failure must not be unhandled
      resolve({
        status: res.statusCode ?? 0,
        headers: { get: (name) => { const value = res.headers[name.toLowerCase()]; return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value; } },
        text: () => body,
      });
    });
    req.end(init.body);
  });
}
