import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_CONTRACTS } from '@shop/contracts';
import { SCHEMAS_DIR, generatedContractFiles } from './contract-files';

const docs = join(__dirname, '../../docs/contracts');

// The same comparison as `contracts:generate --check`, so `npm test` also fails on a forgotten regeneration.
describe('docs/contracts', () => {
  const expected = generatedContractFiles(ALL_CONTRACTS);

  it.each([...expected.keys()])('%s is committed as generated (run npm run contracts:generate)', (file) => {
    expect(readFileSync(join(docs, file), 'utf8')).toBe(expected.get(file));
  });

  it('holds no schema the registry does not generate', () => {
    expect(readdirSync(join(docs, SCHEMAS_DIR)).map((file) => `${SCHEMAS_DIR}/${file}`).filter((file) => !expected.has(file))).toEqual([]);
  });
});
