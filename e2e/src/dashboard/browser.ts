import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); Playwright's own browser downloads are not used. */
export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the browser suites run: skipped with the reason without Chromium, unless REQUIRE_BROWSER=1 (CI) makes that a failure. */
export function browserAvailability(): { run: boolean; reason?: string } {
  if (existsSync(CHROMIUM)) return { run: true };
  const reason = `${CHROMIUM} is missing (apt-get install -y chromium)`;
  if (process.env.REQUIRE_BROWSER === '1') return { run: true, reason }; // run, and fail at launch with the reason
  return { run: false, reason };
}

/** Fails fast (before a platform is started for nothing) when a required browser is missing. */
export function assertChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install -y chromium) and REQUIRE_BROWSER=1 asks for the browser suites`);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile of its own, UTC and en-US so dates read the same everywhere. */
export async function launchChromium(viewport = { width: 1440, height: 1000 }): Promise<Browser> {
  assertChromium();
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  // A persistent context is how Playwright takes a --user-data-dir (it refuses the flag in args).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
