import { loadConfigOrExit } from '@shop/config';
import { MessageBus, inboxRetentionWorker, withCheckedInboxRetention } from '@shop/messaging';
import { createPool } from '@shop/postgres';
import { Readiness, createLogger, intervalWorker, runBackendService } from '@shop/service-kit';
import { releaseExpiredReservations } from './application/expired-reservations.sweeper';
import { stockSagaSubscriptions } from './application/stock-saga.handlers';
import { InventoryModule } from './inventory.module';
import { loadInventoryConfig } from './inventory.config';

const config = loadConfigOrExit(() => withCheckedInboxRetention(loadInventoryConfig()));
const logger = loadConfigOrExit(() => createLogger('inventory'));
const pool = createPool({ url: config.databaseUrl, applicationName: 'inventory', max: config.poolSize });
const readiness = new Readiness();
const bus = new MessageBus({
  service: 'inventory', group: 'inventory', schema: 'inventory', pool, log: logger, settings: { mode: config.bus, kafkaBrokers: config.kafkaBrokers, kafkaRelay: config.kafkaRelay, kafkaNamespace: config.kafkaNamespace, lingerMs: config.busLingerMs },
  subscriptions: stockSagaSubscriptions(), outboxTable: 'inventory.outbox',
});

void runBackendService({
  name: 'inventory', port: config.port, host: config.host, logger, pool, readiness,
  module: InventoryModule.register({ pool, bus, readiness }),
  workers: [
    { name: 'bus', start: () => bus.start(), stop: () => bus.stop() },
    intervalWorker('expired-reservations', 5_000, logger, () => releaseExpiredReservations(pool, logger, config.expiryGraceSeconds)),
    intervalWorker('bus-metrics', 5_000, logger, () => bus.status()),
    inboxRetentionWorker(pool, 'inventory', config.inboxRetentionDays, logger),
  ],
});
