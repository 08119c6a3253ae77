import { envReader, loadConfigOrExit } from '@shop/config';
import { ROLES, signJwt } from '@shop/service-kit';
import { parseOptions } from './cli/parse-options';
import { TOKEN_OPTIONS, tokenRequest } from './cli/token-request';
import { usageOrExit } from './cli/usage-error';
import { readSecrets, secretsPath } from './supervisor/local-secrets';

const HELP = `usage: npm run token -- --role <${ROLES.join('|')}> [--sub <id>] [--merchant-id <id>] [--ttl <seconds>]

Prints a development JWT signed with AUTH_JWT_SECRET, or with the secret the embedded default generated in
DATA_DIR (default ./.data). Customers need --sub (the customer id); merchants and fulfillment need --merchant-id.
--ttl is the lifetime in whole seconds (default 3600).`;

function main(): void {
  if (process.argv.includes('--help')) return console.log(HELP);
  const { claims, ttlSeconds } = usageOrExit('token', () => tokenRequest(parseOptions(process.argv.slice(2), TOKEN_OPTIONS).options));
  const env = loadConfigOrExit(() => ({ secret: envReader().optionalString('AUTH_JWT_SECRET'), dataDir: envReader().string('DATA_DIR', './.data') }));
  console.log(signJwt(claims, env.secret ?? secretOfDataDir(env.dataDir), ttlSeconds));
}

/** The JWT secret npm start generated; a missing or broken file stops the tool with what to do, not a stack trace. */
function secretOfDataDir(dataDir: string): string {
  try {
    const secrets = readSecrets(dataDir);
    if (secrets) return secrets.jwtSecret;
    // Most often DATA_DIR differs from the one npm start ran with (its default is ./.data, relative to here).
    console.error(`token: no AUTH_JWT_SECRET and no ${secretsPath(dataDir)}; set DATA_DIR to the one npm start used, run npm start once, or set AUTH_JWT_SECRET`);
  } catch (error) {
    console.error(`token: ${(error as Error).message}`);
  }
  process.exit(2);
}

main();
