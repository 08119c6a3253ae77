import { resolve } from 'node:path';

/**
 * What `npm run token` must be told to sign with a platform's secret, as a prefix of the command: nothing when it
 * finds the secret itself (in ./.data), else the DATA_DIR it is in, or a reminder of AUTH_JWT_SECRET.
 */
export function tokenCommandPrefix(dataDir: string, env: Record<string, string | undefined>, cwd = process.cwd()): string {
  if (env.AUTH_JWT_SECRET) return 'AUTH_JWT_SECRET=<the same secret> ';
  return resolve(cwd, dataDir) === resolve(cwd, '.data') ? '' : `DATA_DIR=${dataDir} `;
}
