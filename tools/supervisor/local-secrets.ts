import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Secrets the embedded default generates once and keeps in DATA_DIR (mode 0600): never commit that folder. */
export interface LocalSecrets {
  postgresSuperuserPassword: string;
  jwtSecret: string;
}

export function secretsPath(dataDir: string): string {
  return join(resolve(dataDir), 'secrets.json');
}

export function loadOrCreateSecrets(dataDir: string): LocalSecrets {
  const path = secretsPath(dataDir);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as LocalSecrets;
  mkdirSync(resolve(dataDir), { recursive: true });
  const secrets: LocalSecrets = { postgresSuperuserPassword: randomBytes(18).toString('base64url'), jwtSecret: randomBytes(32).toString('base64url') };
  writeFileSync(path, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export function readSecrets(dataDir: string): LocalSecrets | undefined {
  const path = secretsPath(dataDir);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as LocalSecrets) : undefined;
}
