import { loadConfigOrExit } from '@shop/config';
import { createPool } from '@shop/postgres';
import { Readiness, createLogger, intervalWorker, runBackendService } from '@shop/service-kit';
import { ProjectionBuses } from './application/projection-buses';
import { loadProjectionsConfig } from './projections.config';
import { ProjectionsModule } from './projections.module';

const config = loadConfigOrExit(() => loadProjectionsConfig());
const logger = loadConfigOrExit(() => createLogger('projections'));
const pool = createPool({ url: config.databaseUrl, applicationName: 'projections', max: config.poolSize });
const readiness = new Readiness();
const buses = new ProjectionBuses({
  pool, log: logger, batchSize: config.batchSize, settings: { mode: config.bus, kafkaBrokers: config.kafkaBrokers, kafkaRelay: config.kafkaRelay, kafkaNamespace: config.kafkaNamespace, lingerMs: config.lingerMs },
});

void runBackendService({
  name: 'projections', port: config.port, host: config.host, logger, pool, readiness,
  module: ProjectionsModule.register({ pool, buses, readiness }),
  workers: [
    { name: 'bus', start: () => buses.start(), stop: () => buses.stop() },
    intervalWorker('bus-metrics', 5_000, logger, () => buses.status()),
  ],
});
