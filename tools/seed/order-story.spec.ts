import { validateEnvelope } from '@shop/contracts';
import { orderEnvelope, paymentEnvelope, skuChangedEnvelope, stockEnvelope } from './envelopes';
import { IdCursor, OrderStory, placedAtOf, storyOf } from './order-story';
import { EMPTY_DATABASE_BASES, buildWorld, sizesFor } from './world';

const NOW = Date.UTC(2030, 5, 15, 12, 0, 0);
const TOTAL = 4_000;

function stories(seed = 7, total = TOTAL): OrderStory[] {
  const world = buildWorld(seed, sizesFor(total), EMPTY_DATABASE_BASES, NOW);
  const ids = new IdCursor(world);
  return Array.from({ length: total }, (_, index) => storyOf(world, total, index, ids));
}

describe('seeded order stories', () => {
  const all = stories();

  it('leave every PENDING order minutes before its deadline, so the platform (and check:invariants) finds none overdue', () => {
    const pending = all.filter((story) => story.status === 'PENDING');
    expect(pending.length).toBeGreaterThan(0);
    for (const story of pending) expect(story.reserveUntil).toBeGreaterThanOrEqual(NOW + 5 * 60_000);
  });

  it('are reproducible from the seed alone', () => {
    const last = (story: OrderStory) => JSON.stringify(orderEnvelope(story, story.steps.at(-1)!));
    expect(stories(7).map(last)).toEqual(all.map(last));
    expect(stories(8).map((story) => story.steps[0].eventId)).not.toEqual(all.map((story) => story.steps[0].eventId));
  });

  it('emit only envelopes their contracts accept', () => {
    const world = buildWorld(7, sizesFor(TOTAL), EMPTY_DATABASE_BASES, NOW);
    for (const story of all) {
      for (const step of story.steps) expect(() => validateEnvelope(orderEnvelope(story, step))).not.toThrow();
      for (const event of story.paymentEvents) expect(() => validateEnvelope(paymentEnvelope(story, event))).not.toThrow();
      for (const event of story.stockEvents) expect(() => validateEnvelope(stockEnvelope(story, event))).not.toThrow();
    }
    for (const sku of world.skus.slice(0, 50)) expect(() => validateEnvelope(skuChangedEnvelope(world, sku))).not.toThrow();
  });

  it('number each order\'s events 1..n, chain the statuses and end on the order\'s status', () => {
    for (const story of all) {
      expect(story.steps.map((step) => step.sequence)).toEqual(story.steps.map((_, index) => index + 1));
      let status: string | null = null;
      for (const step of story.steps) {
        if (step.toStatus !== null) {
          expect(step.fromStatus).toBe(status);
          status = step.toStatus;
        } else {
          expect(step.fromStatus).toBeNull();
        }
      }
      expect(status).toBe(story.status);
      expect(story.cancelledAt !== null).toBe(story.status === 'CANCELLED');
    }
  });

  it('keep money consistent: total = subtotal + tax + shipping, one capture of the total per paid order, refunds for paid cancellations', () => {
    for (const story of all) {
      expect(story.subtotalCents).toBe(story.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0));
      expect(story.totalCents).toBe(story.subtotalCents + story.taxCents + story.shippingCents);
      const captured = story.payments.filter((payment) => payment.status === 'CAPTURED');
      if (['CONFIRMED', 'SHIPPED', 'DELIVERED'].includes(story.status)) expect(captured).toHaveLength(1);
      else expect(captured).toHaveLength(0);
      for (const payment of story.payments) expect(payment.key).toBe(`order-${story.id}-attempt-${payment.attempt}`);
      expect(new Set(story.lines.map((line) => line.sku.id)).size).toBe(story.lines.length);
      expect(story.lines.every((line) => line.sku.merchantId === story.merchant.id && line.sku.currency === story.currency)).toBe(true);
    }
  });

  it('happen in time order, never after now, in every schema', () => {
    const late: string[] = [];
    for (const story of [...all, ...stories(9, 20_000).slice(-400)]) {
      const times = story.steps.map((step) => step.at);
      if ([...times].sort((a, b) => a - b).join() !== times.join() || story.placedAt !== times[0]) late.push(`order ${story.id}: steps out of order`);
      const others = [...times, ...story.paymentEvents.map((event) => event.at), ...story.stockEvents.map((event) => event.at), ...story.payments.flatMap((payment) => [payment.decidedAt, payment.refund?.at ?? 0])];
      if (Math.max(...others) > NOW) late.push(`order ${story.id} (${story.path}): something happens after now`);
    }
    expect(late).toEqual([]);
  });

  it('have a realistic mix: mostly delivered, a few percent open', () => {
    const share = (status: string) => all.filter((story) => story.status === status).length / all.length;
    expect(share('DELIVERED')).toBeGreaterThan(0.8);
    expect(share('PENDING') + share('CONFIRMED')).toBeGreaterThan(0.01);
    expect(share('PENDING') + share('CONFIRMED')).toBeLessThan(0.08);
    expect(share('CANCELLED')).toBeGreaterThan(0.02);
    const events = all.reduce((sum, story) => sum + story.steps.length, 0) / all.length;
    const lines = all.reduce((sum, story) => sum + story.lines.length, 0) / all.length;
    expect(events).toBeGreaterThan(4);
    expect(lines).toBeGreaterThan(2.5);
    expect(lines).toBeLessThan(3.5);
  });

  it('places orders over the last year, ids following time', () => {
    const times = Array.from({ length: 1_000 }, (_, index) => placedAtOf(index, 1_000, NOW));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[0]).toBeGreaterThan(NOW - 366 * 86_400_000);
    expect(times[0]).toBeLessThan(NOW - 360 * 86_400_000);
    expect(times.at(-1)!).toBeLessThan(NOW);
  });
});
