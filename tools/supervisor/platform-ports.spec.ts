import { loadPlatformConfig } from './platform-config';
import { platformPorts, refuseSharedPorts } from './platform-ports';

const ports = (env: Record<string, string>) => platformPorts(loadPlatformConfig(env)).map(({ host, port, variable }) => `${variable} ${host}:${port}`);

describe('platformPorts', () => {
  it('names the gateway, the four backends and the embedded Postgres', () => {
    expect(ports({ PORT: '4000', HOST: '0.0.0.0', INTERNAL_PORT_BASE: '4100', PGPORT: '54400' })).toEqual([
      'PORT 0.0.0.0:4000',
      'INTERNAL_PORT_BASE 127.0.0.1:4101',
      'INTERNAL_PORT_BASE 127.0.0.1:4102',
      'INTERNAL_PORT_BASE 127.0.0.1:4103',
      'INTERNAL_PORT_BASE 127.0.0.1:4104',
      'PGPORT 127.0.0.1:54400',
    ]);
  });

  it('leaves PGPORT out when DATABASE_URL names the server', () => {
    expect(ports({ DATABASE_URL: 'postgres://admin@db.example:5432/shop' })).not.toContainEqual(expect.stringMatching(/^PGPORT/));
  });
});

describe('refuseSharedPorts', () => {
  const check = (env: Record<string, string>) => () => refuseSharedPorts(platformPorts(loadPlatformConfig(env)));

  it.each([
    ['the gateway on a backend port', { PORT: '3612', INTERNAL_PORT_BASE: '3610' }, 'the gateway and the inventory service would both listen on port 3612: set PORT and INTERNAL_PORT_BASE'],
    ['Postgres on a backend port', { PGPORT: '3612', INTERNAL_PORT_BASE: '3610' }, 'the inventory service and the embedded PostgreSQL would both listen on port 3612: set INTERNAL_PORT_BASE and PGPORT'],
    ['Postgres on the gateway port', { PORT: '5000', PGPORT: '5000' }, 'the gateway and the embedded PostgreSQL would both listen on port 5000'],
  ])('refuses %s, naming both variables', (_name, env, message) => {
    expect(check(env)).toThrow(message);
  });

  it('lets distinct ports through, and a DATABASE_URL whose port a service also has', () => {
    expect(check({ PORT: '4000', INTERNAL_PORT_BASE: '4100', PGPORT: '54400' })).not.toThrow();
    expect(check({ PGPORT: '3101', DATABASE_URL: 'postgres://admin@db.example:5432/shop' })).not.toThrow();
  });
});
