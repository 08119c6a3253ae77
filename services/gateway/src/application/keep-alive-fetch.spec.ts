import { ChildProcess, spawn } from 'node:child_process';
import { createKeepAliveFetch } from './keep-alive-fetch';

/**
 * A service in its own process (as in production, so it closes sockets while the gateway's loop is busy), closing
 * idle connections after `keepAliveMs`. It answers every request with the number of connections it has accepted.
 */
async function startService(keepAliveMs: number): Promise<{ url: string; process: ChildProcess }> {
  const script = `
    const http = require('node:http');
    let connections = 0;
    const server = http.createServer((req, res) => { req.resume(); req.on('end', () => res.end(JSON.stringify({ connections }))); });
    server.on('connection', () => connections++);
    server.keepAliveTimeout = ${keepAliveMs};
    server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`test service exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, process: child };
}

/** Holds this process's event loop, as a busy gateway does, while the service acts on its own. */
function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

describe('keepAliveFetch and the services closing idle sockets', () => {
  let service: { url: string; process: ChildProcess };
  // Node's client drops an idle socket a second before the service's Keep-Alive hint says it will: a loop held
  // past both is what leaves it in the pool, closed (as the soak test's busy gateway did at 72 s).
  beforeAll(async () => (service = await startService(2_000)));
  afterAll(() => service.process.kill());

  const connections = async (fetchOnce: ReturnType<typeof createKeepAliveFetch>, method = 'GET') =>
    JSON.parse(await (await fetchOnce(service.url, { method })).text()).connections as number;

  it('sends a read again, once, when its pooled socket was closed by the service as it was taken', async () => {
    const fetchOnce = createKeepAliveFetch();
    const before = await connections(fetchOnce);
    busyFor(4_000); // the service closes the idle socket; this process has not yet seen it go
    expect(await connections(fetchOnce)).toBe(before + 1); // answered, on a new connection
  });

  it('does not send a write again: the caller decides', async () => {
    const fetchOnce = createKeepAliveFetch();
    await connections(fetchOnce, 'POST');
    busyFor(4_000);
    await expect(fetchOnce(service.url, { method: 'POST', body: '{}' })).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('drops an idle socket itself after its idle limit, before the service would', async () => {
    const slowService = await startService(5_000);
    try {
      const fetchOnce = createKeepAliveFetch({ idleSocketMs: 100 });
      const ask = async () => JSON.parse(await (await fetchOnce(slowService.url)).text()).connections as number;
      const first = await ask();
      expect(await ask()).toBe(first); // kept alive between requests
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await ask()).toBe(first + 1); // the idle one was closed here, a new one opened
    } finally {
      slowService.process.kill();
    }
  });
});
