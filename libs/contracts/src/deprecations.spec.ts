import { DEPRECATIONS } from './deprecations';
import { findContract } from './registry';

describe('DEPRECATIONS', () => {
  it.each(DEPRECATIONS.map((deprecation) => [`${deprecation.type} v${deprecation.version}`, deprecation]))('%s names registered versions and a real window', (_name, deprecation) => {
    expect(findContract(deprecation.type, deprecation.version)).toBeDefined();
    expect(findContract(deprecation.type, deprecation.supersededBy)).toBeDefined();
    expect(deprecation.supersededBy).toBeGreaterThan(deprecation.version);
    const days = (Date.parse(deprecation.publishedUntilAtLeast) - Date.parse(deprecation.since)) / 86_400_000;
    // VERSIONING.md promises integrators at least 90 days of dual publishing.
    expect(days).toBeGreaterThanOrEqual(90);
  });
});
