import { loadPlatformConfig } from './platform-config';
import { serviceSpecs } from './service-specs';

const passwords = { orders_svc: 'o', inventory_svc: 'i', payments_svc: 'p', projections_svc: 'r', gateway_svc: 'g', provider_sim: 's' } as never;
const specs = (env: Record<string, string | undefined>) => serviceSpecs(loadPlatformConfig(env), 'postgres://admin@127.0.0.1:54329/shop', passwords, 'x'.repeat(32));

describe('serviceSpecs', () => {
  it.each([
    { name: 'by default', env: {}, gateway: '127.0.0.1' },
    { name: 'with HOST=0.0.0.0 (a container)', env: { HOST: '0.0.0.0' }, gateway: '0.0.0.0' },
    { name: 'with HOST set to a LAN address', env: { HOST: '10.0.0.5' }, gateway: '10.0.0.5' },
  ])('$name the gateway listens on HOST and every backend on loopback only', ({ env, gateway }) => {
    const hosts = Object.fromEntries(specs(env).map((spec) => [spec.name, spec.env.HOST]));
    expect(hosts).toEqual({ orders: '127.0.0.1', inventory: '127.0.0.1', payments: '127.0.0.1', projections: '127.0.0.1', gateway });
  });

  it('points the gateway at each backend on the loopback port it listens on', () => {
    const all = specs({ INTERNAL_PORT_BASE: '4100' });
    const gateway = all.find((spec) => spec.name === 'gateway')!;
    for (const name of ['orders', 'inventory', 'payments', 'projections']) {
      const port = all.find((spec) => spec.name === name)!.env.PORT;
      expect(gateway.env[`${name.toUpperCase()}_URL`]).toBe(`http://127.0.0.1:${port}`);
    }
  });
});
