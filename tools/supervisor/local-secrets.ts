import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Secrets the embedded default generates once and keeps in DATA_DIR (mode 0600): never commit that folder. */
export interface LocalSecrets {
  /** The only way into DATA_DIR/postgres: initdb set it, so a new one cannot replace it. */
  postgresSuperuserPassword: string;
  jwtSecret: string;
}

export function secretsPath(dataDir: string): string {
  return join(resolve(dataDir), 'secrets.json');
}

/**
 * What is wrong with the text of a secrets file, or the secrets it holds. Every tool reads the file through this
 * one check, so each names the file and the repair instead of a bare JSON error or a missing-variable message.
 */
export function parseSecrets(text: string, path: string): LocalSecrets {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}): restore it from a backup, or start with an empty DATA_DIR`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${path} must hold a JSON object with postgresSuperuserPassword and jwtSecret: restore it from a backup, or start with an empty DATA_DIR`);
  }
  const fields = value as Record<string, unknown>;
  if (!nonEmptyString(fields.postgresSuperuserPassword)) {
    throw new Error(`${path} has no postgresSuperuserPassword (a non-empty string), the password of the cluster in DATA_DIR/postgres: restore the file from a backup, or start with an empty DATA_DIR`);
  }
  if (!nonEmptyString(fields.jwtSecret)) {
    // Unlike the password, a lost JWT secret can be replaced: only tokens signed with the old one stop working.
    throw new Error(`${path} has no jwtSecret (a non-empty string): restore the file from a backup, or add a new one ("jwtSecret": "<at least 32 random characters>"; tokens minted before stop working)`);
  }
  return { postgresSuperuserPassword: fields.postgresSuperuserPassword, jwtSecret: fields.jwtSecret };
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * The secrets of DATA_DIR, generated on the first start. Never generated next to an existing cluster: its
 * superuser password is the one initdb was given, and a new file would lock every later start out of it.
 */
export function loadOrCreateSecrets(dataDir: string, options: { embeddedCluster: boolean } = { embeddedCluster: true }): LocalSecrets {
  const existing = readSecrets(dataDir);
  if (existing) return existing;
  const path = secretsPath(dataDir);
  const cluster = join(resolve(dataDir), 'postgres');
  // Only a cluster this start will use needs its password back; on DATABASE_URL a leftover one is not touched.
  if (options.embeddedCluster && existsSync(cluster)) {
    throw new Error(`${path} is missing but ${cluster} exists (a cluster whose password was in it): restore secrets.json from a backup, or start with an empty DATA_DIR`);
  }
  mkdirSync(resolve(dataDir), { recursive: true });
  const secrets: LocalSecrets = { postgresSuperuserPassword: randomBytes(18).toString('base64url'), jwtSecret: randomBytes(32).toString('base64url') };
  writeFileSync(path, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** The secrets of DATA_DIR; undefined when there is no file (npm start never ran there); throws on a broken one. */
export function readSecrets(dataDir: string): LocalSecrets | undefined {
  const path = secretsPath(dataDir);
  return existsSync(path) ? parseSecrets(readFileSync(path, 'utf8'), path) : undefined;
}
