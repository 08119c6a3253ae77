import { envReader, loadConfigOrExit } from '@shop/config';
import { ROLES, Role, signJwt } from '@shop/service-kit';
import { readSecrets } from './supervisor/local-secrets';

const HELP = `usage: npm run token -- --role <${ROLES.join('|')}> [--sub <id>] [--merchant-id <id>] [--ttl <seconds>]

Prints a development JWT signed with AUTH_JWT_SECRET, or with the secret the embedded default generated in
DATA_DIR (default ./.data). Customers: --sub is the customer id. Merchants and fulfillment: --merchant-id.`;

function arg(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function main(): void {
  if (process.argv.includes('--help')) return console.log(HELP);
  const role = arg('role') as Role | undefined;
  if (!role || !ROLES.includes(role)) {
    console.error(`token: --role must be one of ${ROLES.join(', ')}\n\n${HELP}`);
    process.exit(2);
  }
  const env = loadConfigOrExit(() => ({ secret: envReader().optionalString('AUTH_JWT_SECRET'), dataDir: envReader().string('DATA_DIR', './.data') }));
  const secret = env.secret ?? readSecrets(env.dataDir)?.jwtSecret;
  if (!secret) {
    console.error(`token: no AUTH_JWT_SECRET and no ${env.dataDir}/secrets.json; run npm start once, or set AUTH_JWT_SECRET`);
    process.exit(2);
  }
  const merchantId = arg('merchant-id');
  console.log(signJwt({ sub: arg('sub') ?? `dev-${role}`, role, ...(merchantId ? { merchantId } : {}) }, secret, Number(arg('ttl') ?? 3600)));
}

main();
