import { Api, ApiError, createApi, pathWithQuery } from './api';
import { El, browser, byId, h, show } from './dom';
import { ganttChart, revenueChart } from './charts';
import { addDays, formatClock, formatMoney, formatWhen, moreWaiting } from './format';
import type { TimelineEntry } from './gantt';
import { BusGroup, DeadLetter, QueueItem, RecentOrder, Unavailable, busTable, deadLetterTable, ordersTable, queueTable } from './panels';
import { RevenueRow, revenueSeries } from './revenue-chart';
import { readToken, tokenProblem } from './token';

/** The operator dashboard: paste an admin token, then every panel refreshes every few seconds. */

const TOKEN_KEY = 'shop.dashboard.token';
const REFRESH_MS = 5_000;
const REVENUE_DAYS = 14;

interface State {
  api?: Api;
  selectedOrderId?: string;
  /** The operator set the merchant (even to none): stop defaulting to the newest order's. */
  merchantChosen: boolean;
  refreshing: boolean;
  /** Something changed during a refresh (a click, a new merchant): run once more when it ends. */
  again: boolean;
  timer?: ReturnType<typeof setInterval>;
}

const state: State = { merchantChosen: false, refreshing: false, again: false };
const el = {
  signIn: byId('sign-in'),
  token: byId('token'),
  tokenError: byId('token-error'),
  board: byId('board'),
  session: byId('session'),
  who: byId('who'),
  status: byId('status'),
  merchant: byId('merchant'),
  from: byId('from'),
  to: byId('to'),
};

function signIn(token: string): void {
  const problem = tokenProblem(readToken(token), Date.now());
  if (problem) return void show(el.tokenError, problem);
  browser.session.setItem(TOKEN_KEY, token.trim());
  state.api = createApi(token.trim());
  const info = readToken(token)!;
  show(el.who, `${info.role} · ${info.sub}`, info.expiresAt ? ` · until ${formatWhen(new Date(info.expiresAt).toISOString(), Date.now())} UTC` : '');
  el.signIn.hidden = true;
  el.board.hidden = false;
  el.session.hidden = false;
  show(el.tokenError);
  void refresh();
  state.timer ??= setInterval(() => void (browser.document.hidden ? undefined : refresh(false)), REFRESH_MS);
}

function signOut(message = ''): void {
  browser.session.removeItem(TOKEN_KEY);
  state.api = undefined;
  if (state.timer) clearInterval(state.timer);
  state.timer = undefined;
  el.board.hidden = true;
  el.session.hidden = true;
  el.signIn.hidden = false;
  el.token.value = '';
  show(el.tokenError, message);
  el.token.focus();
}

/** Runs one panel's loader; a failure shows in that panel and the others still update. */
async function panel(id: string, load: () => Promise<El | string>): Promise<void> {
  const host = byId(id);
  try {
    show(host, await load());
    host.classList.toggle('failed', false);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    show(host, h('p', { class: 'problem' }, (error as Error).message));
    host.classList.toggle('failed', true);
  }
}

/** One round over every panel. Never two at once: a timer tick during a round is dropped, a user's request is queued. */
async function refresh(queueIfBusy = true): Promise<void> {
  const api = state.api;
  if (!api) return;
  if (state.refreshing) return void (state.again ||= queueIfBusy);
  state.refreshing = true;
  state.again = false;
  const now = Date.now();
  try {
    const recent = await api.get<{ items: RecentOrder[] }>('/v1/admin/orders/recent?limit=50').catch((error) => error as Error);
    const orders = recent instanceof Error ? [] : recent.items;
    if (!state.selectedOrderId && orders.length) state.selectedOrderId = orders[0].id;
    if (!state.merchantChosen && !el.merchant.value && orders.length) el.merchant.value = orders[0].merchantId;
    await Promise.all([
      panel('orders', async () => {
        if (recent instanceof Error) throw recent;
        return ordersTable(orders, state.selectedOrderId, now, select);
      }),
      timelinePanel(api),
      queuePanel(api, now),
      revenuePanel(api),
      panel('bus', async () => {
        const bus = await api.get<{ groups: BusGroup[]; unavailable: Unavailable[] }>('/v1/admin/bus');
        return busTable(bus.groups, bus.unavailable);
      }),
      panel('dead-letters', async () => {
        const letters = await api.get<{ items: DeadLetter[]; unavailable: Unavailable[] }>('/v1/admin/dead-letters');
        return deadLetterTable(letters.items, now, redrive);
      }),
    ]);
    show(el.status, `Updated ${formatClock(new Date(now).toISOString())} UTC · every ${REFRESH_MS / 1000} s`);
    el.status.classList.toggle('stale', false);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return signOut('The gateway refused the token (expired, or signed with another secret).');
    show(el.status, `Refresh failed: ${(error as Error).message}`);
    el.status.classList.toggle('stale', true);
  } finally {
    state.refreshing = false;
    if (state.again) void refresh();
  }
}

function timelinePanel(api: Api): Promise<void> {
  const id = state.selectedOrderId;
  show(byId('timeline-title'), id ? `Order #${id} · time in each state` : 'Order timeline');
  return panel('timeline', async () => {
    if (!id) return h('p', { class: 'empty' }, 'Select an order to see its timeline.');
    const timeline = await api.get<{ entries: TimelineEntry[] }>(`/v1/orders/${encodeURIComponent(id)}/timeline`);
    return ganttChart(timeline.entries, Math.max(360, byId('timeline').clientWidth));
  });
}

function queuePanel(api: Api, now: number): Promise<void> {
  const merchantId = el.merchant.value.trim();
  return panel('queue', async () => {
    if (!merchantId) return h('p', { class: 'empty' }, 'Enter a merchant id above.');
    const queue = await api.get<{ items: QueueItem[]; nextCursor?: string | null }>(pathWithQuery('/v1/fulfillment/queue', { merchantId, limit: 100 }));
    const more = moreWaiting(queue.items.length, 'open orders, oldest first', queue.nextCursor);
    return h('div', {}, queueTable(queue.items, now), more ? h('p', { class: 'muted' }, more) : null);
  });
}

function revenuePanel(api: Api): Promise<void> {
  const merchantId = el.merchant.value.trim();
  const { from, to } = { from: el.from.value, to: el.to.value };
  return panel('revenue', async () => {
    const report = await api.get<{ rows: RevenueRow[]; asOf: string }>(pathWithQuery('/v1/finance/revenue', { merchantId, from, to }));
    const [main, ...others] = revenueSeries(report.rows, from, to);
    const whose = merchantId ? `merchant ${merchantId}` : 'all merchants';
    if (!main) return h('p', { class: 'empty' }, `No captured revenue for ${whose} from ${from} to ${to}.`);
    return h(
      'div',
      {},
      h(
        'p',
        { class: 'summary' },
        h('strong', {}, formatMoney(main.totalCents, main.currency)),
        ` from ${main.orders} order(s) · ${whose} · as of ${formatClock(report.asOf)} UTC`,
      ),
      revenueChart(main, Math.max(360, byId('revenue').clientWidth)),
      main.daysNotDrawn > 0 ? h('p', { class: 'muted' }, `The chart draws the last ${main.days.length} days; the total covers all ${main.days.length + main.daysNotDrawn}.`) : null,
      others.length ? h('p', { class: 'muted' }, `Also: ${others.map((series) => formatMoney(series.totalCents, series.currency)).join(', ')}`) : null,
    );
  });
}

function select(orderId: string): void {
  state.selectedOrderId = orderId;
  void refresh();
}

async function redrive(service: string, ids?: string[]): Promise<void> {
  if (!state.api) return;
  const note = byId('redrive-result');
  try {
    const result = await state.api.post<{ redriven: string[]; failed: { id: string; error: string }[]; notFound?: string[] }>('/v1/admin/dead-letters/redrive', {
      service,
      ...(ids ? { ids } : {}),
    });
    // Another operator (or tab) may have redriven the letter first.
    const gone = result.notFound?.length ? `, ${result.notFound.length} no longer pending` : '';
    show(note, `${service}: redriven ${result.redriven.length}, still failing ${result.failed.length}${gone}`);
  } catch (error) {
    show(note, `Redrive failed: ${(error as Error).message}`);
  }
  await refresh();
}

function start(): void {
  const today = new Date().toISOString().slice(0, 10);
  el.to.value = today;
  el.from.value = addDays(today, -(REVENUE_DAYS - 1));
  byId('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn(el.token.value);
  });
  byId('sign-out').addEventListener('click', () => signOut());
  byId('refresh').addEventListener('click', () => void refresh());
  byId('controls').addEventListener('submit', (event) => {
    event.preventDefault();
    void refresh();
  });
  el.merchant.addEventListener('change', () => {
    state.merchantChosen = true; // even when cleared: no merchant means revenue of all of them
    void refresh();
  });
  for (const input of [el.from, el.to]) input.addEventListener('change', () => void refresh());
  const saved = browser.session.getItem(TOKEN_KEY);
  if (saved) signIn(saved);
  else signOut();
}

start();
