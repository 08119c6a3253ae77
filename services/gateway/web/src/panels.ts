import { El, h, table } from './dom';
import { formatDuration, formatMoney, formatWhen } from './format';
import { SagaOrder, sagaProgress } from './saga-progress';

export interface RecentOrder extends SagaOrder {
  id: string;
  customerId: string;
  merchantId: string;
  currency: string;
  totalCents: number;
  totalUnits: number;
  placedAt: string;
}

export interface QueueItem {
  id: string;
  status: string;
  placedAt: string;
  customerId: string;
  totalCents: number;
  currency: string;
}

export interface BusGroup {
  service: string;
  group: string;
  mode: string;
  lag: Record<string, number>;
  totalLag: number;
  deadLetters: number;
}

export interface Unavailable {
  service: string;
  status: number;
  detail: string;
}

export interface DeadLetter {
  service: string;
  id: string;
  consumerGroup: string;
  eventType: string;
  aggregateId: string;
  error: string;
  attempts: number;
  failedAt: string;
}

const statusBadge = (status: string) => h('span', { class: `badge status-${status.toLowerCase()}` }, status);

/** Five dots, one per saga step, and what the order is waiting for. */
function sagaCell(order: SagaOrder): El {
  const progress = sagaProgress(order);
  return h(
    'div',
    { class: 'saga', title: progress.steps.map((step) => `${step.label}: ${step.state}`).join('\n') },
    h('span', { class: 'steps' }, ...progress.steps.map((step) => h('span', { class: `step step-${step.state}`, 'data-step': step.key }))),
    h('span', { class: 'saga-summary' }, progress.summary),
  );
}

export function ordersTable(orders: RecentOrder[], selectedId: string | undefined, nowMs: number, select: (id: string) => void): El {
  const rows = orders.map((order) =>
    h(
      'tr',
      {
        'data-order-id': order.id,
        'data-status': order.status,
        class: order.id === selectedId ? 'selectable selected' : 'selectable',
        tabindex: 0,
        onclick: () => select(order.id),
        onkeydown: (event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            select(order.id);
          }
        },
      },
      h('td', {}, `#${order.id}`),
      h('td', {}, formatWhen(order.placedAt, nowMs)),
      h('td', {}, order.merchantId),
      h('td', { class: 'num' }, formatMoney(order.totalCents, order.currency)),
      h('td', {}, statusBadge(order.status)),
      h('td', {}, sagaCell(order)),
    ),
  );
  return table(['Order', 'Placed (UTC)', 'Merchant', 'Total', 'Status', 'Saga'], rows, 'No orders yet.', [3]);
}

export function queueTable(items: QueueItem[], nowMs: number): El {
  const rows = items.map((item) =>
    h(
      'tr',
      { 'data-order-id': item.id },
      h('td', {}, `#${item.id}`),
      h('td', {}, statusBadge(item.status)),
      h('td', {}, formatWhen(item.placedAt, nowMs)),
      h('td', { class: 'num' }, formatDuration(Math.max(0, (nowMs - Date.parse(item.placedAt)) / 1000))),
      h('td', {}, item.customerId),
      h('td', { class: 'num' }, formatMoney(item.totalCents, item.currency)),
    ),
  );
  return table(['Order', 'Status', 'Placed (UTC)', 'Waiting', 'Customer', 'Total'], rows, 'Nothing to fulfil.', [3, 5]);
}

export function busTable(groups: BusGroup[], unavailable: Unavailable[]): El {
  const rows = groups.map((group) =>
    h(
      'tr',
      { 'data-service': group.service, 'data-group': group.group },
      h('td', {}, group.service),
      h('td', {}, group.group),
      h('td', {}, group.mode),
      h(
        'td',
        { class: 'sources' },
        Object.entries(group.lag)
          .map(([source, n]) => `${source} ${n}`)
          .join(', ') || '–',
      ),
      h('td', { class: 'num' }, h('span', { class: group.totalLag > 0 ? 'badge warn' : 'badge ok' }, String(group.totalLag))),
      h('td', { class: 'num' }, h('span', { class: group.deadLetters > 0 ? 'badge bad' : 'badge ok' }, String(group.deadLetters))),
    ),
  );
  const down = unavailable.map((entry) =>
    h('tr', { 'data-service': entry.service, class: 'unavailable' }, h('td', {}, entry.service), h('td', { colspan: 5 }, `unavailable: ${entry.detail}`)),
  );
  return table(['Service', 'Consumer group', 'Mode', 'Lag by source', 'Lag', 'Dead'], [...rows, ...down], 'No consumer groups reported.', [4, 5]);
}

export function deadLetterTable(letters: DeadLetter[], nowMs: number, redrive: (service: string, ids?: string[]) => void): El {
  const services = [...new Set(letters.map((letter) => letter.service))];
  const rows = letters.map((letter) =>
    h(
      'tr',
      { 'data-service': letter.service, 'data-letter-id': letter.id },
      h('td', {}, letter.service),
      h('td', {}, `#${letter.id}`),
      h('td', {}, letter.eventType, h('div', { class: 'muted' }, `${letter.consumerGroup} · aggregate ${letter.aggregateId}`)),
      h('td', { class: 'num' }, String(letter.attempts)),
      h('td', {}, formatWhen(letter.failedAt, nowMs)),
      h('td', { class: 'error', title: letter.error }, letter.error.length > 120 ? `${letter.error.slice(0, 117)}...` : letter.error),
      h('td', {}, h('button', { type: 'button', class: 'redrive', onclick: () => redrive(letter.service, [letter.id]) }, 'Redrive')),
    ),
  );
  const all = services.map((service) =>
    h('button', { type: 'button', class: 'redrive-all quiet', 'data-service': service, onclick: () => redrive(service) }, `Redrive all of ${service}`),
  );
  return h(
    'div',
    {},
    all.length ? h('div', { class: 'actions' }, ...all) : null,
    table(['Service', 'Letter', 'Event', 'Tries', 'Failed (UTC)', 'Error', ''], rows, 'No dead letters: every consumer is keeping up.', [3]),
  );
}
