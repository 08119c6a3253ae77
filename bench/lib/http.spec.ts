import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { http } from './http';
import { parseResponseHead } from './http-response';

describe('parseResponseHead', () => {
  it.each([
    ['HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello', { status: 200, contentLength: 5, chunked: false, close: false }],
    ['HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n', { status: 202, chunked: true, close: false }],
    ['HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', { status: 404, contentLength: 0, chunked: false, close: true }],
    ['HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\nok', { status: 200, contentLength: 2, chunked: false, close: true }],
  ])('%j', (text, expected) => {
    expect(parseResponseHead(Buffer.from(text))).toEqual({ ...expected, bodyStart: text.indexOf('\r\n\r\n') + 4 });
  });

  it('waits for the whole head', () => {
    expect(parseResponseHead(Buffer.from('HTTP/1.1 200 OK\r\ncontent-len'))).toBeUndefined();
  });

  it('refuses what is not HTTP', () => {
    expect(() => parseResponseHead(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'))).toThrow(/not an HTTP\/1.1 response/);
  });
});

describe('http (lean load-generator client) against a real server', () => {
  let server: Server;
  let base: string;
  const connections: unknown[] = [];
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse, body: string) => void> = {
    '/json': (req, res, body) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization ?? null, key: req.headers['idempotency-key'] ?? null, body: body ? JSON.parse(body) : null }));
    },
    '/chunked': (_req, res) => {
      res.write('{"parts":');
      setTimeout(() => res.end('[1,2,3]}'), 20);
    },
    '/close': (_req, res) => {
      res.setHeader('connection', 'close');
      res.end('"bye"');
    },
    '/empty': (_req, res) => {
      res.statusCode = 204;
      res.end();
    },
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => (routes[req.url ?? ''] ?? ((_r, response) => ((response.statusCode = 404), response.end('"missing"'))))(req, res, body));
    });
    server.on('connection', (socket) => connections.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends method, headers, token and JSON body, and parses the JSON answer', async () => {
    const response = await http('POST', `${base}/json`, { token: 't0k', headers: { 'idempotency-key': 'k-1' }, body: { items: [1, 'é'] } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ method: 'POST', auth: 'Bearer t0k', key: 'k-1', body: { items: [1, 'é'] } });
    expect(response.ms).toBeGreaterThan(0);
  });

  it('reassembles a chunked body that arrives in pieces', async () => {
    expect((await http('GET', `${base}/chunked`)).body).toEqual({ parts: [1, 2, 3] });
  });

  it('reuses kept-alive connections and opens new ones only for concurrent requests', async () => {
    await http('GET', `${base}/json`);
    const before = connections.length;
    for (let i = 0; i < 5; i++) await http('GET', `${base}/json`);
    expect(connections.length).toBe(before);
    const statuses = await Promise.all(Array.from({ length: 4 }, () => http('GET', `${base}/json`).then((response) => response.status)));
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(connections.length).toBeLessThanOrEqual(before + 3);
  });

  it('follows Connection: close, then carries on over a new connection', async () => {
    expect((await http('GET', `${base}/close`)).body).toBe('bye');
    expect((await http('GET', `${base}/json`)).status).toBe(200);
  });

  it('answers statuses without a body and non-2xx statuses as they are', async () => {
    expect(await http('GET', `${base}/empty`)).toMatchObject({ status: 204, body: undefined });
    expect(await http('GET', `${base}/nowhere`)).toMatchObject({ status: 404, body: 'missing' });
  });

  it('rejects with the URL when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(http('GET', `http://127.0.0.1:${port}/x`)).rejects.toThrow(new RegExp(`GET http://127.0.0.1:${port}/x: .*ECONNREFUSED`));
  });
});
