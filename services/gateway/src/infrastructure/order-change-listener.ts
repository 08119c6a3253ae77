import { Client, Notification } from 'pg';
import { sleep } from '@shop/service-kit';
import type { Logger } from 'pino';
import { OrderDetailCache, parseChangedOrders } from '../domain/order-detail-cache';

/** The channel orders' and payments' statement triggers notify (their migrations `*_order_change_notifications.sql`). */
export const ORDER_CHANGES_CHANNEL = 'shop_order_changes';

/**
 * Keeps the order detail cache honest: listens on one database session for the order ids whose order row or
 * payment attempts changed, and drops them from the cache as the notifications arrive (right after each commit).
 * The cache serves only while this session listens; when the session is lost it is disabled and emptied, since
 * changes committed meanwhile would go unannounced, and enabled again once listening resumes.
 * The gateway reads no table: its role (gateway_svc) may only connect. The session must be direct (LISTEN does
 * not survive a transaction-pooling proxy).
 */
export class OrderChangeListener {
  private readonly abort = new AbortController();
  private running: Promise<void> = Promise.resolve();
  private client?: Client;

  constructor(
    private readonly databaseUrl: string,
    private readonly cache: OrderDetailCache<unknown>,
    private readonly log: Logger,
    private readonly retryMs = 1_000,
  ) {}

  /** Resolves once listening, or after the first failed attempt (the gateway then serves every read from the services). */
  start(): Promise<void> {
    let ready!: () => void;
    const first = new Promise<void>((resolve) => (ready = resolve));
    this.running = this.run(ready);
    return first;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.client?.end().catch(() => undefined);
    await this.running;
  }

  /** Nest calls this once the app is initialised, before it listens. */
  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  /** Nest calls this on shutdown (SIGTERM), after the HTTP server stopped taking requests. */
  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  private async run(ready: () => void): Promise<void> {
    const signal = this.abort.signal;
    const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    let failures = 0;
    while (!signal.aborted) {
      const client = new Client({ connectionString: this.databaseUrl, application_name: 'gateway-order-changes' });
      this.client = client;
      try {
        // 'on', not 'once': a second error on a dead client with no listener would be an uncaught exception.
        const lost = new Promise<void>((resolve) => client.on('error', () => resolve()).once('end', () => resolve()));
        client.on('notification', (message: Notification) => {
          if (message.channel !== ORDER_CHANGES_CHANNEL) return;
          const changed = parseChangedOrders(message.payload);
          if (changed.all) this.cache.clear();
          else this.cache.invalidate(changed.ids);
        });
        await client.connect();
        await client.query(`LISTEN ${ORDER_CHANGES_CHANNEL}`);
        // Anything cached before this point could have missed a notification; enable() starts empty.
        this.cache.enable();
        this.log.info('order detail cache on: listening for order changes');
        failures = 0;
        ready();
        await Promise.race([lost, aborted]);
        if (!signal.aborted) this.log.warn('order change listener lost its database session; order details are read from the services until it reconnects');
      } catch (error) {
        if (!signal.aborted)
          this.log.warn({ err: error }, 'order change listener cannot listen (check DATABASE_URL); order details are read from the services until it can');
      } finally {
        this.cache.disable();
        ready();
        client.removeAllListeners('notification');
        await client.end().catch(() => undefined);
      }
      // retryMs, doubling up to 10 s while the database stays away (one warning per attempt).
      const delay = Math.min(10_000, this.retryMs * 2 ** failures++);
      await sleep(delay, signal);
    }
  }
}
