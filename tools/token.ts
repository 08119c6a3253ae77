import { envReader, loadConfigOrExit } from '@shop/config';
import { ROLES, signJwt } from '@shop/service-kit';
import { parseOptions } from './cli/parse-options';
import { TOKEN_OPTIONS, tokenRequest } from './cli/token-request';
import { usageOrExit } from './cli/usage-error';
import { readSecrets } from './supervisor/local-secrets';

const HELP = `usage: npm run token -- --role <${ROLES.join('|')}> [--sub <id>] [--merchant-id <id>] [--ttl <seconds>]

Prints a development JWT signed with AUTH_JWT_SECRET, or with the secret the embedded default generated in
DATA_DIR (default ./.data). Customers need --sub (the customer id); merchants and fulfillment need --merchant-id.
--ttl is the lifetime in whole seconds (default 3600).`;

function main(): void {
  if (process.argv.includes('--help')) return console.log(HELP);
  const { claims, ttlSeconds } = usageOrExit('token', () => tokenRequest(parseOptions(process.argv.slice(2), TOKEN_OPTIONS).options));
  const env = loadConfigOrExit(() => ({ secret: envReader().optionalString('AUTH_JWT_SECRET'), dataDir: envReader().string('DATA_DIR', './.data') }));
  const secret = env.secret ?? readSecrets(env.dataDir)?.jwtSecret;
  if (!secret) {
    console.error(`token: no AUTH_JWT_SECRET and no ${env.dataDir}/secrets.json; run npm start once, or set AUTH_JWT_SECRET`);
    process.exit(2);
  }
  console.log(signJwt(claims, secret, ttlSeconds));
}

main();
