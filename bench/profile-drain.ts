import { execFileSync } from 'node:child_process';
import { createFixtures, placeOrder } from './lib/fixtures';
import { launchPlatform } from './lib/platform';
import { waitForSettled } from './lib/observe';

/** Dev aid: posts a burst of orders, then samples per-process CPU while the saga drains it. */
async function main() {
  const platform = await launchPlatform({ bus: (process.argv[2] as 'postgres') ?? 'postgres' });
  try {
    const fixtures = await createFixtures(platform, { customers: 50, skus: 20, stock: 1_000_000 });
    const ids: string[] = [];
    const burst = Number(process.argv[3] ?? 1500);
    for (let i = 0; i < burst; i += 50) {
      const responses = await Promise.all(Array.from({ length: 50 }, (_, j) => placeOrder(platform, fixtures, i + j)));
      for (const response of responses) if (response.status === 202) ids.push(response.body.id);
    }
    const started = Date.now();
    const sample = execFileSync('bash', ['/tmp/cpu-sample.sh', '8']).toString();
    await waitForSettled(platform.adminUrl, ids, 120_000);
    console.log(`drained ${ids.length} orders in ${(Date.now() - started) / 1000}s after posting\n${sample}`);
  } finally {
    await platform.stop();
  }
}
main();
