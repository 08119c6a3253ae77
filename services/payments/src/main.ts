import { loadConfigOrExit } from '@shop/config';
import { MessageBus, inboxRetentionWorker, withCheckedInboxRetention } from '@shop/messaging';
import { createPool } from '@shop/postgres';
import { Readiness, createLogger, intervalWorker, runBackendService } from '@shop/service-kit';
import { PaymentProcessor } from './application/payment-processor';
import { paymentSubscriptions } from './application/payment-subscriptions';
import { killAfterProviderCallOnce } from './infrastructure/fault-injection';
import { SimulatedProvider, createProviderPool } from './infrastructure/provider/simulated-provider';
import { PaymentsModule } from './payments.module';
import { loadPaymentsConfig } from './payments.config';

const config = loadConfigOrExit(() => withCheckedInboxRetention(loadPaymentsConfig()));
const logger = loadConfigOrExit(() => createLogger('payments'));
const pool = createPool({ url: config.databaseUrl, applicationName: 'payments', max: config.poolSize });
const providerPool = createProviderPool(config.providerDatabaseUrl, config.providerTimeoutMs);
const provider = new SimulatedProvider(providerPool);
const processor = new PaymentProcessor(pool, provider, logger, {
  providerTimeoutMs: config.providerTimeoutMs, afterProviderCall: killAfterProviderCallOnce(process.env.FAULT_KILL_AFTER_PROVIDER_CALL),
});
const readiness = new Readiness();
const bus = new MessageBus({
  service: 'payments', group: 'payments', schema: 'payments', pool, log: logger, settings: { mode: config.bus, kafkaBrokers: config.kafkaBrokers, kafkaRelay: config.kafkaRelay, kafkaNamespace: config.kafkaNamespace, lingerMs: config.busLingerMs },
  subscriptions: paymentSubscriptions(processor, provider.name), outboxTable: 'payments.outbox',
});

void runBackendService({
  name: 'payments', port: config.port, host: config.host, logger, pool, readiness,
  module: PaymentsModule.register({ pool, bus, readiness }),
  workers: [
    { name: 'bus', start: () => bus.start(), stop: () => bus.stop() },
    intervalWorker('reconciler', config.reconcileEveryMs, logger, () => processor.reconcile()),
    intervalWorker('bus-metrics', 5_000, logger, () => bus.status()),
    inboxRetentionWorker(pool, 'payments', config.inboxRetentionDays, logger),
    { name: 'provider-pool', start: () => undefined, stop: () => providerPool.end() },
  ],
});
