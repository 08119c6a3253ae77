import { createServer } from 'node:net';
import type { PlatformConfig } from './platform-config';
import { INTERNAL_PORTS } from './service-specs';

export interface PlatformPort {
  host: string;
  port: number;
  /** Who listens there, and the variable that moves it. */
  owner: string;
  variable: string;
}

/** Every address npm start's processes will listen on: the gateway, the backends, the embedded Postgres. */
export function platformPorts(config: PlatformConfig): PlatformPort[] {
  return [
    { host: config.host, port: config.port, owner: 'the gateway', variable: 'PORT' },
    ...Object.entries(INTERNAL_PORTS).map(([name, offset]) => ({ host: '127.0.0.1', port: config.internalPortBase + offset, owner: `the ${name} service`, variable: 'INTERNAL_PORT_BASE' })),
    ...(config.databaseUrl ? [] : [{ host: '127.0.0.1', port: config.embeddedPgPort, owner: 'the embedded PostgreSQL', variable: 'PGPORT' }]),
  ];
}

/**
 * Refuses settings that give two of the platform's own processes one port (`PORT=3102` with the default base):
 * each is free before start-up, so only the process that loses the race would find out, crash-looping on
 * EADDRINUSE until the health wait gave up.
 */
export function refuseSharedPorts(ports: PlatformPort[]): void {
  const first = new Map<number, PlatformPort>();
  for (const entry of ports) {
    const earlier = first.get(entry.port);
    if (!earlier) {
      first.set(entry.port, entry);
      continue;
    }
    const variables = earlier.variable === entry.variable ? entry.variable : `${earlier.variable} and ${entry.variable}`;
    throw new Error(`${earlier.owner} and ${entry.owner} would both listen on port ${entry.port}: set ${variables} so that the platform's ports differ`);
  }
}

/**
 * Listens on each address and lets go at once. A port already taken would otherwise be found only by the
 * process that needs it, after the database was prepared, and that process would crash-loop on EADDRINUSE.
 */
export async function refuseUnavailablePorts(ports: PlatformPort[]): Promise<void> {
  for (const { host, port, owner, variable } of ports) {
    const code = await listenError(host, port);
    const fix = `set ${variable} to ${variable === 'INTERNAL_PORT_BASE' ? 'a base whose next four ports are free' : 'a free port'}`;
    if (code === 'EADDRINUSE') throw new Error(`port ${port} (${owner}) is in use: is the platform already running? Stop it with Ctrl-C, or ${fix}`);
    if (code) throw new Error(`${owner} cannot listen on ${host}:${port} (${code}): ${fix}${variable === 'PORT' ? ' or HOST to another address' : ''}`);
  }
}

function listenError(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ host, port }, () => server.close(() => resolve(undefined)));
  });
}
