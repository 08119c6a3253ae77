import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@shop/config';
import { waitFor } from '@shop/testing';
import { describeKafka, tailTopic, uniqueKafkaName } from '../../../testing/src/kafka';
import { connectSecretsDir, localConnectSecretsDir } from '../connect-secrets';
import { restartFailedTasks } from '../connector-watchdog';
import { OUTBOX_CDC_ROLE, OUTBOX_TABLES, registerOutboxConnector, removeOutboxConnector } from '../debezium-connector';
import { OutboxWriter } from '../outbox-writer';
import { ConformanceDriver } from './driver';
import { aggregateIds, skuChanged } from './fixtures';

jest.setTimeout(180_000);

const CONNECTOR_FILE = join(repoRoot(), 'infra/debezium/outbox-connector.json');

/**
 * Waits until the connector's replication slot streams (rows committed before that would never be published), from a
 * session other than `previousPid`'s when given; returns the streaming session's pid.
 */
async function waitForStreamingSlot(driver: ConformanceDriver, slot: string, previousPid?: number): Promise<number> {
  return waitFor(`replication slot ${slot} to stream`, async () => {
    const { rows } = await driver.admin.query<{ pid: number }>(
      'SELECT active_pid AS pid FROM pg_replication_slots WHERE slot_name = $1 AND active AND confirmed_flush_lsn IS NOT NULL', [slot]);
    return rows.length === 1 && rows[0].pid !== previousPid ? rows[0].pid : undefined;
  }, 60_000, 100);
}

// Debezium reads the outbox from the WAL: only committed rows may reach Kafka, each exactly as written (the
// envelope from the payload column), on shop.<aggregate type>, keyed by aggregate id.
describeKafka(
  'conformance: Debezium outbox connector end to end [kafka, debezium]',
  (brokers) => {
    if (!existsSync(CONNECTOR_FILE)) {
      it.skip(`needs ${CONNECTOR_FILE}, which does not exist`, () => undefined);
      return;
    }
    let driver: ConformanceDriver;
    const connectUrl = process.env.CONNECT_URL!;
    // npm run kafka:up makes it, and its worker reads it with config.providers=file.
    const secretsDir = connectSecretsDir();
    const name = uniqueKafkaName('conformance-outbox');
    const slot = name.replace(/[^a-z0-9]/g, '_');

    beforeEach(async () => (driver = await ConformanceDriver.create({ name: 'kafka', brokers })));
    afterEach(async () => {
      // The slot pins the database (it cannot be dropped) and WAL; it goes before the database does.
      await removeOutboxConnector(connectUrl, driver.db.adminUrl, name, slot, secretsDir);
      await driver.close();
    });

    it('publishes exactly the committed envelope, intact, keyed by aggregate id', async () => {
      if (!secretsDir) throw new Error(`no ${localConnectSecretsDir()} and no CONNECT_SECRETS_DIR: start Kafka with npm run kafka:up`);
      // The connector routes to this driver's namespace (`<namespace>.sku`), as a deployment's KAFKA_NAMESPACE would.
      const register = (cdcPassword: string) => registerOutboxConnector(connectUrl, driver.db.adminUrl, {
        overrides: { name, 'slot.name': slot, 'transforms.outbox.route.topic.replacement': `${driver.namespace}.\${routedByValue}` }, cdcPassword, secretsDir,
      });
      await register(`cdc-${randomBytes(9).toString('hex')}`);
      const firstSession = await waitForStreamingSlot(driver, slot);
      // A start rotates the password: the running connector restarts and logs in with the new one (the database
      // takes passwords, so a session that sent the reference itself, or the old password, would be refused).
      const password = `cdc-${randomBytes(9).toString('hex')}`;
      await register(password);
      await waitForStreamingSlot(driver, slot, firstSession);
      // It streams as a role of its own that reads the outboxes and nothing else, and Connect's REST API shows a
      // reference to that role's password, never the password.
      const config = await fetch(`${connectUrl}/connectors/${name}/config`).then((response) => response.json() as Promise<Record<string, string>>);
      expect(config['database.user']).toBe(OUTBOX_CDC_ROLE);
      expect(config['database.password']).toBe(`\${file:${secretsDir}/${name}.properties:database.password}`);
      for (const path of ['config', 'tasks', 'tasks-config']) {
        expect(await fetch(`${connectUrl}/connectors/${name}/${path}`).then((response) => response.text())).not.toContain(password);
      }
      const { rows: [slotOwner] } = await driver.admin.query<{ usename: string }>(
        'SELECT a.usename FROM pg_catalog.pg_replication_slots s JOIN pg_catalog.pg_stat_activity a ON a.pid = s.active_pid WHERE s.slot_name = $1', [slot]);
      expect(slotOwner.usename).toBe(OUTBOX_CDC_ROLE);
      const { rows: [role] } = await driver.admin.query<{ rolsuper: boolean; rolreplication: boolean; rolcreaterole: boolean; rolbypassrls: boolean }>(
        'SELECT rolsuper, rolreplication, rolcreaterole, rolbypassrls FROM pg_catalog.pg_roles WHERE rolname = $1', [OUTBOX_CDC_ROLE]);
      expect(role).toEqual({ rolsuper: false, rolreplication: true, rolcreaterole: false, rolbypassrls: false });
      const { rows: readable } = await driver.admin.query<{ table: string }>(
        `SELECT n.nspname || '.' || c.relname AS table FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND has_table_privilege($1, c.oid, 'SELECT') ORDER BY 1`, [OUTBOX_CDC_ROLE]);
      expect(readable.map((row) => row.table)).toEqual([...OUTBOX_TABLES].sort());
      const topic = await tailTopic(driver.kafkaClient, driver.topic);
      try {
        const [aggregate] = aggregateIds(1);
        const [committed] = await driver.commit([skuChanged(aggregate)]);
        const rolledBack = skuChanged(aggregate, 'rolled back');
        const tx = await driver.admin.connect();
        try {
          await tx.query('BEGIN');
          await new OutboxWriter('inventory.outbox').append(tx, [rolledBack]);
          await tx.query('ROLLBACK');
        } finally {
          tx.release();
        }
        // Same key, so same partition, committed after the rollback: once it arrives, the rolled-back row
        // would have arrived before it if it were ever going to.
        const [marker] = await driver.commit([skuChanged(aggregate, 'marker')]);

        const ours = new Set([committed.eventId, rolledBack.eventId, marker.eventId]);
        const arrived = await waitFor('the marker event on the topic', async () => {
          const found = topic.messages.filter((message) => ours.has(message.headers.eventId));
          return found.some((message) => message.headers.eventId === marker.eventId) ? found : undefined;
        }, 60_000, 50);
        expect(arrived.map((message) => message.headers.eventId)).toEqual([committed.eventId, marker.eventId]);
        const [first] = arrived;
        expect(first.key).toBe(aggregate);
        expect(JSON.parse(first.value!)).toEqual(committed);
      } finally {
        await topic.stop();
      }
    });

    // Debezium retries a lost database once; a database that refuses it for longer leaves the task FAILED for good,
    // and only a restart (npm start's watchdog, restartFailedTasks) gets the relay going again.
    it('runs a task that failed while its database refused it again once its failed tasks are restarted', async () => {
      const password = `cdc-${randomBytes(9).toString('hex')}`;
      await registerOutboxConnector(connectUrl, driver.db.adminUrl, {
        overrides: { name, 'slot.name': slot, 'transforms.outbox.route.topic.replacement': `${driver.namespace}.\${routedByValue}` }, cdcPassword: password, secretsDir,
      });
      const firstSession = await waitForStreamingSlot(driver, slot);
      expect(await restartFailedTasks(connectUrl, name)).toEqual([]);
      await driver.admin.query(`ALTER ROLE ${OUTBOX_CDC_ROLE} PASSWORD 'not-the-one-it-has'`);
      await driver.admin.query('SELECT pg_terminate_backend($1)', [firstSession]);
      await waitFor('the task to fail', async () => {
        const status = await fetch(`${connectUrl}/connectors/${name}/status`).then((response) => response.json() as Promise<{ tasks: { state: string }[] }>);
        return status.tasks[0]?.state === 'FAILED' ? true : undefined;
      }, 90_000, 250);
      await driver.admin.query(`ALTER ROLE ${OUTBOX_CDC_ROLE} PASSWORD '${password}'`);
      expect(await restartFailedTasks(connectUrl, name)).toEqual([expect.stringMatching(/^task 0: /)]);
      await waitForStreamingSlot(driver, slot, firstSession);
    });

    it('starts a connector whose slot is new without the offsets Connect kept under its name (a recreated database)', async () => {
      const register = () => registerOutboxConnector(connectUrl, driver.db.adminUrl, {
        overrides: { name, 'slot.name': slot, 'transforms.outbox.route.topic.replacement': `${driver.namespace}.\${routedByValue}` },
        cdcPassword: `cdc-${randomBytes(9).toString('hex')}`, secretsDir,
      });
      await register();
      await waitForStreamingSlot(driver, slot);
      // What a database recreated under the same connector name leaves behind: an offset far ahead of any new slot's
      // WAL position (written here through Connect's offsets API, in Debezium's shape), kept after the connector and
      // its slot are gone.
      const connector = `${connectUrl}/connectors/${name}`;
      expect((await fetch(`${connector}/stop`, { method: 'PUT' })).ok).toBe(true);
      const { rows: [wal] } = await driver.admin.query<{ lsn: string }>(`SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::text AS lsn`);
      const ahead = Number(wal.lsn) + 1e12;
      const poisoned = [{
        partition: { server: 'shop-cdc' },
        offset: { lsn: ahead, lsn_commit: ahead, lsn_proc: ahead, txId: 1, ts_usec: Date.now() * 1000, messageType: 'INSERT' },
      }];
      await waitFor('Connect to take the offset', async () => {
        const response = await fetch(`${connector}/offsets`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsets: poisoned }) });
        return response.ok ? true : undefined;
      }, 30_000, 250);
      expect(((await (await fetch(`${connector}/offsets`)).json()) as { offsets: { offset: { lsn: number } }[] }).offsets[0].offset.lsn).toBe(ahead);
      await removeOutboxConnector(connectUrl, driver.db.adminUrl, name, slot, secretsDir);

      await register();
      await waitForStreamingSlot(driver, slot);
      const topic = await tailTopic(driver.kafkaClient, driver.topic);
      try {
        const [event] = await driver.commit([skuChanged(aggregateIds(1)[0])]);
        await waitFor('the event committed after the new slot streams, on the topic', async () =>
          (topic.messages.some((message) => message.headers.eventId === event.eventId) ? true : undefined), 60_000, 50);
      } finally {
        await topic.stop();
      }
    });
  },
  { needsConnect: true },
);
