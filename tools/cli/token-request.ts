import { containsCardNumber } from '@shop/contracts';
import { MAX_SUBJECT_LENGTH, Principal, ROLES, isId } from '@shop/service-kit';
import { OptionValues } from './parse-options';
import { UsageError } from './usage-error';

export const TOKEN_OPTIONS = {
  role: { type: 'string', choices: ROLES },
  sub: { type: 'string' },
  'merchant-id': { type: 'string' },
  // Whole seconds: `1h` used to become NaN, and the token an "exp":null one that never expires.
  ttl: { type: 'integer' },
} as const;

/**
 * The claims and lifetime of the token asked for. The id a role is scoped by must be given: a customer token
 * with a made-up sub sees no orders, and a merchant token without a merchant is refused (access-policy.ts).
 */
export function tokenRequest(options: OptionValues<typeof TOKEN_OPTIONS>): { claims: Principal; ttlSeconds: number } {
  const { role, sub, 'merchant-id': merchantId, ttl } = options;
  if (!role) throw new UsageError(`--role is required: one of ${ROLES.join(', ')}`);
  if (role === 'customer' && !sub) throw new UsageError('--role customer needs --sub <customerId>, the customer the token acts for');
  if ((role === 'merchant' || role === 'fulfillment') && !merchantId)
    throw new UsageError(`--role ${role} needs --merchant-id <id>, the merchant the token acts for`);
  // Customer and merchant ids are the API's numeric ids: any other value mints a token that matches nothing.
  if (role === 'customer' && !isId(sub)) throw new UsageError(`--sub needs a customer id (a positive integer, as POST /v1/customers answers), got "${sub}"`);
  if (sub !== undefined && (sub.length === 0 || sub.length > MAX_SUBJECT_LENGTH))
    throw new UsageError(`--sub must be 1 to ${MAX_SUBJECT_LENGTH} characters (the gateway refuses longer subjects), got ${sub.length}`);
  if (merchantId !== undefined && !isId(merchantId)) throw new UsageError(`--merchant-id needs a positive integer, got "${merchantId}"`);
  // The gateway refuses such a token: its subject would be stored as the actor of every event it causes.
  for (const [flag, value] of [['--sub', sub], ['--merchant-id', merchantId]] as const) {
    if (value !== undefined && containsCardNumber(value)) throw new UsageError(`${flag} looks like a card number (13-19 digits passing Luhn), which the gateway refuses in a token; use another id`);
  }
  return { claims: { sub: sub ?? `dev-${role}`, role, ...(merchantId ? { merchantId } : {}) }, ttlSeconds: ttl ?? 3600 };
}
