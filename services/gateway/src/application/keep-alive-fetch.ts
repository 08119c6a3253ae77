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

/**
 * How long an idle keep-alive socket is kept: well inside the services' own limit (Fastify's 72 s), so the gateway
 * always drops an idle socket before the service does. With no limit the gateway sent requests down sockets the
 * service was closing at that moment (ECONNRESET, a 503 while every service was up).
 */
const IDLE_SOCKET_MS = 30_000;

/** Methods a request may be sent again for when its reused socket turned out closed (nothing was processed). */
const RESENDABLE = new Set(['GET', 'HEAD']);

/**
 * fetch's contract for the gateway's internal calls over node:http with a keep-alive pool. Node's fetch (undici
 * with web streams) cost the gateway about a third of its CPU per proxied request on 2 cores (docs/PERFORMANCE.md);
 * this keeps the behaviour the client relies on: a non-2xx is an answer, not an error, and an
 * aborted signal rejects with the signal's reason (a TimeoutError for AbortSignal.timeout).
 */
export function createKeepAliveFetch(options: { idleSocketMs?: number } = {}): (url: string, init?: LeanInit) => Promise<LeanResponse> {
  // Internal hops only: plenty of sockets, kept open between requests.
  const agent = new Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 10_000, timeout: options.idleSocketMs ?? IDLE_SOCKET_MS });
  return (url, init = {}) => send(agent, url, init, true);
}

export const keepAliveFetch = createKeepAliveFetch();

function send(agent: Agent, url: string, init: LeanInit, mayResend: boolean): Promise<LeanResponse> {
  return new Promise((resolve, reject) => {
    const { signal } = init;
    if (signal?.aborted) return reject(signal.reason);
    const target = new URL(url);
    const method = init.method ?? 'GET';
    const headers: Record<string, string | number> = { ...(init.headers ?? {}) };
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    const req = request({ agent, method, hostname: target.hostname, port: target.port, path: target.pathname + target.search, headers });
    const onAbort = () => req.destroy(signal!.reason as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return reject(signal.reason);
      // A pooled socket the service was closing as it was taken. A read is safe to send again, once, on a fresh
      // socket; a write is not repeated here (it may have been handled: the caller decides, with its idempotency key).
      if (mayResend && req.reusedSocket && error.code === 'ECONNRESET' && RESENDABLE.has(method)) return resolve(send(agent, url, init, false));
      reject(error);
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
