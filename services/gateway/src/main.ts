import { loadConfigOrExit } from '@shop/config';
import { bootstrapService, createLogger } from '@shop/service-kit';
import { configureGateway } from './gateway.app';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

// The gateway scans for card numbers in its own guard, after rate limit, media type and token (refuseCardNumbers:
// false turns off the shared hook, which would refuse before them and scan each request twice).
// No tables and no bus: a database session only to hear of order changes (the order detail cache). SIGTERM/SIGINT
// close the HTTP server and that session through Nest's shutdown hooks; the backend services handle the signals
// themselves (runBackendService), since Nest re-raises the signal once it has closed the app.
const config = loadConfigOrExit(() => loadGatewayConfig());
const logger = loadConfigOrExit(() => createLogger('gateway'));

void bootstrapService({ name: 'gateway', module: GatewayModule.register({ config, logger }) as never, port: config.port, host: config.host, logger, refuseCardNumbers: false }, (app) => {
  app.enableShutdownHooks();
  return configureGateway(app, logger);
});
