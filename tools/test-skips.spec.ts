import { skippedSuites } from './test-skips';

describe('npm test says which suites it will skip, and why', () => {
  it.each([
    ['nothing set, no browser', {}, false, ['KAFKA_BROKERS is not set', 'CONNECT_URL is not set', '/usr/bin/chromium is missing']],
    ['everything there', { KAFKA_BROKERS: '127.0.0.1:9092', CONNECT_URL: 'http://127.0.0.1:8083' }, true, []],
    ['required (CI): a missing one fails instead, so nothing is announced as skipped', { REQUIRE_KAFKA: '1', REQUIRE_CONNECT: '1', REQUIRE_BROWSER: '1' }, false, []],
  ])('%s', (_what, env, hasChromium, reasons) => {
    const notes = skippedSuites(env, hasChromium);
    expect(notes).toHaveLength(reasons.length);
    reasons.forEach((reason, index) => expect(notes[index]).toContain(reason));
  });
});
