import { loadConfigOrExit } from '@shop/config';
import { MessageBus, inboxRetentionWorker, withCheckedInboxRetention } from '@shop/messaging';
import { createPool } from '@shop/postgres';
import { Readiness, createLogger, intervalWorker, runBackendService } from '@shop/service-kit';
import { cancelStalledSagas } from './application/stalled-sagas.sweeper';
import { orderSagaSubscriptions } from './application/saga-subscriptions';
import { PgIdempotencyRepository } from './infrastructure/postgres/pg-idempotency.repository';
import { keepEventPartitions } from './infrastructure/postgres/event-partitions';
import { OrdersModule } from './orders.module';
import { loadOrdersConfig } from './orders.config';

const config = loadConfigOrExit(() => withCheckedInboxRetention(loadOrdersConfig()));
const logger = loadConfigOrExit(() => createLogger('orders'));
const pool = createPool({ url: config.databaseUrl, applicationName: 'orders', max: config.poolSize });
const readiness = new Readiness();
const bus = new MessageBus({
  service: 'orders', group: 'orders', schema: 'orders', pool, log: logger, settings: { mode: config.bus, kafkaBrokers: config.kafkaBrokers, kafkaRelay: config.kafkaRelay, kafkaNamespace: config.kafkaNamespace, lingerMs: config.busLingerMs },
  subscriptions: orderSagaSubscriptions(), outboxTable: 'orders.order_events',
});

void runBackendService({
  name: 'orders', port: config.port, host: config.host, logger, pool, readiness,
  module: OrdersModule.register({ pool, bus, readiness, config, logger }),
  workers: [
    { name: 'bus', start: () => bus.start(), stop: () => bus.stop() },
    intervalWorker('stalled-sagas', config.sagaSweepMs, logger, () => cancelStalledSagas(pool, logger)),
    // Keeps next months' partitions of the event log in place before rows need them.
    intervalWorker('event-partitions', 3_600_000, logger, () => keepEventPartitions(pool, logger)),
    intervalWorker('idempotency-purge', 60_000, logger, () => new PgIdempotencyRepository().purgeExpired(pool)),
    intervalWorker('bus-metrics', 5_000, logger, () => bus.status()),
    inboxRetentionWorker(pool, 'orders', config.inboxRetentionDays, logger),
  ],
});
