jest.setTimeout(240_000);

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { signJwt } from '@shop/service-kit';
import { Platform, startPlatform, waitFor } from '@shop/testing';
import type { Page } from 'playwright-core';
import { Shop } from '../support/shop';
import { Browser, assertChromium, browserAvailability, launchChromium } from './browser';
import { colourStats, decodePng } from './png';

const { run, reason } = browserAvailability();
const describeBrowser = run ? describe : describe.skip;
const SCREENSHOT = join(repoRoot(), 'e2e/.artifacts/dashboard.png');
const MERCHANT = '4242';

/** The operator dashboard in a real browser, over the whole platform: what an admin sees after a few checkouts. */
describeBrowser(`operator dashboard in Chromium${run ? '' : ` — skipped: ${reason}`}`, () => {
  let platform: Platform;
  let shop: Shop;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const orders = { confirmed: [] as string[], shipped: '', cancelled: '' };

  beforeAll(async () => {
    assertChromium();
    platform = await startPlatform();
    shop = new Shop(platform);
    const [ada, grace] = [await shop.customer(), await shop.customer()];
    const widget = await shop.sku({ merchantId: MERCHANT, priceCents: 2500, stock: 50 });
    const scarce = await shop.sku({ merchantId: MERCHANT, priceCents: 999, stock: 1 });
    for (const [customer, quantity] of [
      [ada, 1],
      [grace, 2],
      [ada, 3],
    ] as const) {
      const placed = await shop.placeOrder(customer, [{ skuId: widget.id, quantity }]);
      await shop.waitForStatus(placed.body.id, 'CONFIRMED');
      orders.confirmed.push(placed.body.id);
    }
    const cancelled = await shop.placeOrder(grace, [{ skuId: scarce.id, quantity: 2 }]); // more than there is: the saga cancels it
    orders.cancelled = (await shop.waitForStatus(cancelled.body.id, 'CANCELLED')).id;
    orders.shipped = orders.confirmed.shift()!;
    expect((await platform.request('POST', `/v1/orders/${orders.shipped}/transitions`, { token: shop.admin, body: { to: 'SHIPPED' } })).status).toBe(200);
    // The read models are eventually consistent: wait until they hold the orders, so the page has them on its first round.
    await waitFor(
      'the queue and revenue projections',
      async () => {
        const queue = await platform.request('GET', `/v1/fulfillment/queue?merchantId=${MERCHANT}`, { token: shop.admin });
        const revenue = await platform.request('GET', `/v1/finance/revenue?merchantId=${MERCHANT}&from=${today()}&to=${today()}`, { token: shop.admin });
        return queue.body.items?.length === 2 && revenue.body.rows?.[0]?.orderCount === 3 ? true : undefined;
      },
      30_000,
      200,
    );

    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    // A CSP violation or a script error shows up here: the page must work under its own policy.
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => void (message.type() === 'error' && problems.push(`console: ${message.text()}`)));
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  const count = (selector: string) => page.locator(selector).count();
  /** The page refreshes every few seconds, so counts are polled rather than read once. */
  const waitForCount = (selector: string, n: number) =>
    waitFor(`${n} of ${selector}`, async () => ((await count(selector)) === n ? true : undefined), 20_000, 100);

  it('asks for a token, and refuses one that is not an admin token', async () => {
    const built = await platform.request('GET', '/');
    if (built.status !== 200)
      throw new Error(`GET / answered ${built.status} (${built.body?.detail}): tools/build.mjs must run services/gateway/web/build.mjs`);
    const response = await page.goto(`${platform.url}/`);
    expect(response?.status()).toBe(200);
    expect(await page.isVisible('#sign-in')).toBe(true);
    await page.fill('#token', platform.token('finance', 'fin-1'));
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForSelector('#token-error:has-text("needs an admin token")');
    expect(await page.isHidden('#board')).toBe(true);
  });

  it('shows the orders with their saga, a Gantt of one order, the queue, revenue and bus lag', async () => {
    await page.fill('#token', shop.admin);
    await page.click('#sign-in-form button[type=submit]');
    await waitForCount('#orders tbody tr', 4);
    const rows = await page.$$eval('#orders tbody tr', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-order-id'), tr.getAttribute('data-status'), tr.querySelector('.saga-summary')?.textContent]),
    );
    expect(rows).toEqual([
      [orders.cancelled, 'CANCELLED', 'cancelled before stock was reserved'],
      [orders.confirmed[1], 'CONFIRMED', 'confirmed'],
      [orders.confirmed[0], 'CONFIRMED', 'confirmed'],
      [orders.shipped, 'SHIPPED', 'shipped'],
    ]);
    expect(await count(`#orders tr[data-order-id="${orders.cancelled}"] .step-failed`)).toBe(1);
    expect(await count(`#orders tr[data-order-id="${orders.shipped}"] .step-done`)).toBe(5);

    // The newest order is selected first; a click shows another one's timeline, one bar per state it entered.
    await page.waitForSelector(`#timeline-title:has-text("Order #${orders.cancelled}")`);
    await waitForCount('#timeline .gantt-bar', 2);
    expect(await page.$$eval('#timeline .gantt-bar', (bars) => bars.map((bar) => bar.getAttribute('data-state')))).toEqual(['PENDING', 'CANCELLED']);
    await page.click(`#orders tr[data-order-id="${orders.shipped}"]`);
    await page.waitForSelector(`#timeline-title:has-text("Order #${orders.shipped}")`);
    const timeline = await platform.request('GET', `/v1/orders/${orders.shipped}/timeline`, { token: shop.admin });
    const states = timeline.body.entries.filter((entry: any) => entry.toStatus && entry.toStatus !== entry.fromStatus).map((entry: any) => entry.toStatus);
    expect(states).toEqual(['PENDING', 'CONFIRMED', 'SHIPPED']);
    await waitForCount('#timeline .gantt-bar', states.length);
    expect(await page.$$eval('#timeline .gantt-bar', (bars) => bars.map((bar) => bar.getAttribute('data-state')))).toEqual(states);
    expect(await count('#timeline .gantt-event')).toBeGreaterThanOrEqual(2); // stock reserved, payment requested

    // The merchant defaults to the newest order's; the queue lists its open orders, revenue charts today's captures.
    expect(await page.inputValue('#merchant')).toBe(MERCHANT);
    await waitForCount('#queue tbody tr', 2);
    expect((await page.$$eval('#queue tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-order-id')))).sort()).toEqual([...orders.confirmed].sort());
    await page.waitForSelector(`#revenue .revenue-bar[data-day="${today()}"]`);
    expect(await page.textContent('#revenue .summary')).toContain('$150.00 from 3 order(s)'); // (1 + 2 + 3) x $25.00, the cancelled one never paid

    await page.waitForSelector('#bus tbody tr[data-group]');
    const services = await page.$$eval('#bus tbody tr[data-group]', (trs) => trs.map((tr) => tr.getAttribute('data-service')));
    expect(new Set(services)).toEqual(new Set(['orders', 'inventory', 'payments', 'projections']));
    expect(services.filter((service) => service === 'projections').length).toBeGreaterThanOrEqual(3); // a group per projection
    expect(await page.textContent('#dead-letters')).toContain('No dead letters');
    expect(await page.textContent('#status')).toMatch(/^Updated \d\d:\d\d:\d\d UTC/);

    const png = await page.screenshot({ fullPage: true });
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    writeFileSync(SCREENSHOT, png);
    const decoded = decodePng(png);
    expect(png.length).toBeGreaterThan(30_000);
    expect(decoded.width).toBe(1440);
    expect(decoded.height).toBeGreaterThanOrEqual(1000);
    const stats = colourStats(decoded);
    expect(stats.distinctColours).toBeGreaterThan(100); // text, badges, bars: not a blank or single-colour page
    expect(stats.nonBackgroundShare).toBeGreaterThan(0.15);
    expect(problems).toEqual([]);
  });

  it('redrives a dead letter from its row', async () => {
    // No consumer fails on its own here, so the list is stubbed in the browser; the redrive itself goes to the platform.
    const letter = {
      service: 'payments',
      id: '987654',
      consumerGroup: 'payments',
      source: 'orders.order_events',
      eventId: 'e',
      eventType: 'orders.payment-requested',
      aggregateId: orders.cancelled,
      error: 'provider unavailable',
      attempts: 5,
      failedAt: new Date().toISOString(),
    };
    await page.route('**/v1/admin/dead-letters', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ items: [letter], unavailable: [] }) }),
    );
    await page.click('#refresh');
    await page.waitForSelector(`#dead-letters tr[data-letter-id="${letter.id}"] button.redrive`);
    const [request] = await Promise.all([
      page.waitForRequest('**/v1/admin/dead-letters/redrive'),
      page.click(`#dead-letters tr[data-letter-id="${letter.id}"] button.redrive`),
    ]);
    expect(request.postDataJSON()).toEqual({ service: 'payments', ids: [letter.id] });
    expect((await request.response())?.status()).toBe(200);
    await page.waitForSelector('#redrive-result:has-text("payments: redriven 0, still failing 0")'); // the platform has no such letter
    await page.unroute('**/v1/admin/dead-letters');
  });

  it('keeps the token for the tab, and drops one the gateway refuses', async () => {
    await page.reload();
    await page.waitForSelector('#orders tbody tr'); // still signed in: the token is in this tab's session storage
    await page.click('#sign-out');
    await page.waitForSelector('#sign-in:visible');
    await page.fill('#token', signJwt({ sub: 'intruder', role: 'admin' }, 'another-secret-another-secret-0123456789'));
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForSelector('#token-error:has-text("refused the token")');
    expect(await page.isHidden('#board')).toBe(true);
    await page.reload(); // the refused token was dropped, so nothing is tried again
    await page.waitForSelector('#sign-in:visible');
    expect(await page.textContent('#token-error')).toBe('');
    expect(problems.filter((problem) => !problem.includes('401'))).toEqual([]); // the refused calls themselves log a 401
  });
});

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
