import { ConfigError, envReader } from '@shop/config';
import { notRunningMessage, runningPlatform } from './running-platform';

type Env = Record<string, string | undefined>;

/**
 * The admin URL for tools that write every schema (seed, projections:rebuild): DATABASE_URL, else the database
 * of the platform `npm start` is running on DATA_DIR (default ./.data), as check:invariants finds it.
 * Throws a ConfigError (loadConfigOrExit prints it and exits 2) when neither is there.
 */
export function adminDatabaseUrl(env: Env = process.env, platform = runningPlatform): string {
  const read = envReader(env);
  if (read.optionalString('DATABASE_URL')) return read.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const state = platform(read.string('DATA_DIR', './.data'));
  if (state.running) return state.runtime.adminUrl;
  throw new ConfigError('DATABASE_URL', `is not set and ${notRunningMessage(state, 'set DATABASE_URL')}`);
}
