import { loadProjectionsConfig } from './projections.config';

describe('loadProjectionsConfig', () => {
  const base = { DATABASE_URL: 'postgres://projections@127.0.0.1:5432/shop' };

  it.each([
    [{}, 500, 500],
    [{ PROJECTION_LINGER_MS: '0' }, 0, 500],
    [{ PROJECTION_LINGER_MS: '250', PROJECTION_BATCH_SIZE: '1000' }, 250, 1000],
    [{ BUS_LINGER_MS: '1' }, 500, 500],
  ])('%j: linger %i ms, batches of %i', (env, lingerMs, batchSize) => {
    expect(loadProjectionsConfig({ ...base, ...env })).toMatchObject({ lingerMs, batchSize });
  });

  it.each(['-1', '10001', 'soon'])('refuses PROJECTION_LINGER_MS=%s', (value) => {
    expect(() => loadProjectionsConfig({ ...base, PROJECTION_LINGER_MS: value })).toThrow(/PROJECTION_LINGER_MS/);
  });
});
