import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minVersion, satisfies } from 'semver';

const root = join(__dirname, '..');
const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));

/**
 * Every installed package must run on the oldest Node that package.json admits: a dependency that wants a newer
 * one warns EBADENGINE at `npm install` and may fail at run time (content-disposition 3 is an ES module that only
 * Node 20.19+ can require, so @fastify/static is pinned to 2.x through `overrides`).
 */
describe('dependency engines', () => {
  const admitted: string = read('package.json').engines.node;
  const oldest = minVersion(admitted)!.version;
  const locked = Object.entries<{ engines?: { node?: string } }>(read('package-lock.json').packages).filter(([path]) => path !== '');

  it(`admit Node ${oldest}, the oldest package.json allows (${admitted})`, () => {
    const refusing = locked.filter(([, entry]) => entry.engines?.node && !satisfies(oldest, entry.engines.node)).map(([path, entry]) => `${path} wants ${entry.engines!.node}`);
    expect(refusing).toEqual([]);
  });

  it('the Node running the tests is one package.json admits', () => {
    expect(satisfies(process.versions.node, admitted)).toBe(true);
  });
});
