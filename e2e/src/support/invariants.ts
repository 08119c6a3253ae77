import { waitFor } from '@shop/testing';
import { CheckResult, runInvariantChecks } from '../../../tools/invariants/run-checks';

/**
 * The invariants a suite leaves broken, once whatever it started has had 30 s to settle (every check, card-number
 * scan included; an empty list when all hold). Run before the platform stops.
 */
export async function brokenInvariantsAfterSuite(adminUrl: string): Promise<CheckResult[]> {
  const results = await waitFor('every invariant to hold after the suite', async () => {
    const checked = await runInvariantChecks(adminUrl, 0);
    return checked.every((result) => result.violations === 0) ? checked : undefined;
  }, 30_000, 1_000).catch(async () => runInvariantChecks(adminUrl, 0));
  return results.filter((result) => result.violations > 0);
}
