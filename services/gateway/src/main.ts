import { loadConfigOrExit } from '@shop/config';
import { bootstrapService, createLogger } from '@shop/service-kit';
import { configureGateway } from './gateway.app';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

// No tables and no bus: a database session only to hear of order changes (the order detail cache). SIGTERM/SIGINT
// close the HTTP server (createServiceApp enables Nest's shutdown hooks).
const config = loadConfigOrExit(() => loadGatewayConfig());
const logger = loadConfigOrExit(() => createLogger('gateway'));

void bootstrapService({ name: 'gateway', module: GatewayModule.register({ config, logger }) as never, port: config.port, host: config.host, logger }, (app) =>
  configureGateway(app, logger),
);
