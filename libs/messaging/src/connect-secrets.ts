import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { repoRoot } from '@shop/config';

/**
 * Connector secrets by reference (Kafka's KIP-297). Kafka Connect shows a connector's config to anyone who can reach
 * its REST API; a value written as `${file:<path>:<key>}` is resolved by the worker's FileConfigProvider (named
 * `file` in its `config.providers`) when a task starts, and the REST API shows only the reference.
 */

/** The directory `npm run kafka:up` creates for this, under its data directory, which its Connect worker reads. */
export function localConnectSecretsDir(env: Record<string, string | undefined> = process.env): string {
  const dataDir = env.KAFKA_DATA_DIR ?? '.data/kafka';
  return join(isAbsolute(dataDir) ? dataDir : resolve(repoRoot(), dataDir), 'connect-secrets');
}

/**
 * Where connector secrets go: `CONNECT_SECRETS_DIR` (a directory the Connect worker reads at the same path), else the
 * local stack's directory when it exists. Undefined: the secret goes into the config itself.
 */
export function connectSecretsDir(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.CONNECT_SECRETS_DIR) return resolve(env.CONNECT_SECRETS_DIR);
  const local = localConnectSecretsDir(env);
  return existsSync(local) ? local : undefined;
}

/** A value as `java.util.Properties` reads it back: backslashes, line breaks, leading blanks and non-ASCII escaped. */
export function propertiesValue(value: string): string {
  let escaped = '';
  for (let index = 0; index < value.length; index++) {
    const char = value[index];
    const code = value.charCodeAt(index);
    if (char === '\\') escaped += '\\\\';
    else if (char === '\n') escaped += '\\n';
    else if (char === '\r') escaped += '\\r';
    else if (char === '\t') escaped += '\\t';
    else if (char === '\f') escaped += '\\f';
    else if ((char === ' ' && escaped === '') || code < 0x20 || code > 0x7e) escaped += `\\u${code.toString(16).padStart(4, '0')}`;
    else escaped += char;
  }
  return escaped;
}

/** The file's mode: the owner's read and write, plus read for whoever the directory lets read (0700 -> 0600, 0755 -> 0644). */
export function secretFileMode(directoryMode: number): number {
  return 0o600 | (directoryMode & 0o044);
}

/**
 * Writes `key=value` to `<dir>/<connector>.properties` (atomically: a reader never sees half a file) and returns the
 * reference to put in the connector's config in the value's place.
 */
export function writeConnectorSecret(dir: string, connector: string, key: string, value: string): string {
  const path = secretFile(dir, connector);
  if (!existsSync(dir)) throw new Error(`connector secrets directory ${dir} does not exist: create it where Kafka Connect's worker reads it, or unset CONNECT_SECRETS_DIR`);
  const mode = secretFileMode(statSync(dir).mode);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `# Written by the outbox connector's registrar; read by Kafka Connect's FileConfigProvider.\n${key}=${propertiesValue(value)}\n`, { mode });
  renameSync(temporary, path);
  return `\${file:${path}:${key}}`;
}

/** Removes a connector's secrets, once the connector is gone. */
export function removeConnectorSecret(dir: string, connector: string): void {
  rmSync(secretFile(dir, connector), { force: true });
}

function secretFile(dir: string, connector: string): string {
  return join(dir, `${connector.replace(/[^A-Za-z0-9._-]/g, '_')}.properties`);
}
