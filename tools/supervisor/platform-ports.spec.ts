import { loadPlatformConfig } from './platform-config';
import { platformPorts } from './platform-ports';

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
