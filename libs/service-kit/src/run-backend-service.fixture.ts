import { appendFileSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { Pool } from 'pg';
import { Readiness } from './health';
import { createLogger } from './logger';
import { runBackendService } from './run-backend-service';
import { sleep } from './sleep';

// A backend service whose one worker writes what happens to it to FIXTURE_MARKER: the subject of
// run-backend-service.int-spec.ts, which stops it with a signal and reads the file.
@Module({})
class FixtureModule {}

const marker = process.env.FIXTURE_MARKER!;
void runBackendService({
  name: 'fixture', port: Number(process.env.PORT), host: '127.0.0.1', logger: createLogger('fixture'),
  pool: new Pool({ connectionString: process.env.DATABASE_URL, max: 1 }), readiness: new Readiness(), module: { module: FixtureModule },
  workers: [{
    name: 'recorder',
    start: () => appendFileSync(marker, 'started\n'),
    // A stop that takes a while, as a consumer finishing its batch and leaving its group does.
    stop: async () => {
      await sleep(300);
      appendFileSync(marker, 'stopped\n');
    },
  }],
});
