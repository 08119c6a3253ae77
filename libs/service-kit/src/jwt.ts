import { createHmac, timingSafeEqual } from 'node:crypto';
import { containsCardNumber } from '@shop/contracts';

/** Roles of the public API; see API.md. */
export const ROLES = ['admin', 'customer', 'merchant', 'fulfillment', 'finance'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  sub: string;
  role: Role;
  merchantId?: string;
}

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

/** The longest `sub` claim a token may carry. */
export const MAX_SUBJECT_LENGTH = 150;

const NOT_BEFORE_SKEW_SECONDS = 60;

/** Signs an HS256 JWT (used by the dev token command and tests). */
export function signJwt(claims: Principal & { exp?: number }, secret: string, ttlSeconds = 24 * 3600): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const now = Math.floor(Date.now() / 1000);
  const payload = b64url(JSON.stringify({ iat: now, exp: now + ttlSeconds, ...claims }));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Why a token was refused, for the 401's detail: each says what to do about it. */
export type TokenRefusal = 'malformed' | 'algorithm' | 'signature' | 'expired' | 'not-yet-valid' | 'claims';

type Verified = { principal: Principal; exp: number };
type Checked = Verified | { refusal: TokenRefusal; at?: number };

/** Verifies an HS256 JWT and returns its principal, or null for anything malformed, forged or expired. */
export function verifyJwt(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): Principal | null {
  const checked = verifyToken(token, secret, nowSeconds);
  return 'principal' in checked ? checked.principal : null;
}

/** verifyJwt with the token's expiry, or why it was refused (`at`: the exp or nbf that refused it). */
function verifyToken(token: string, secret: string, nowSeconds: number): Checked {
  const parts = token.split('.');
  if (parts.length !== 3) return { refusal: 'malformed' };
  const [header, payload, signature] = parts;
  let decodedHeader: { alg?: string };
  let claims: Record<string, unknown>;
  try {
    decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { refusal: 'malformed' };
  }
  if (decodedHeader?.alg !== 'HS256') return { refusal: 'algorithm' }; // never accept "none" or another algorithm
  // Compared as text against the canonical encoding: decoding first would also accept other spellings of the same
  // bytes (the last character of 43 carries 2 unused bits), so one token would have several valid forms.
  const expected = Buffer.from(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { refusal: 'signature' };
  // A token must say when it expires: one without a numeric exp (absent, null, a string) would never expire.
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return { refusal: 'claims' };
  // RFC 7519 4.1.4: not accepted on or after exp.
  if (claims.exp <= nowSeconds) return { refusal: 'expired', at: claims.exp };
  // Not valid yet (nbf), beyond a minute of clock skew between the issuer and this machine.
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || !Number.isFinite(claims.nbf))) return { refusal: 'claims' };
  if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds + NOT_BEFORE_SKEW_SECONDS) return { refusal: 'not-yet-valid', at: claims.nbf };
  if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role as Role)) return { refusal: 'claims' };
  // The subject goes into every event the request causes as `<role>:<sub>` (the contracts' actor: 200 characters).
  if (claims.sub.length === 0 || claims.sub.length > MAX_SUBJECT_LENGTH) return { refusal: 'claims' };
  const merchantId = claims.merchantId === undefined ? undefined : String(claims.merchantId);
  if (merchantId === '') return { refusal: 'claims' };
  // Both go into events as the actor (`customer:<sub>`), where a card-shaped one would be a stored card number
  // (every service refuses one in x-actor): such a token is refused here, with a 401 that says why.
  if (containsCardNumber(claims.sub) || (merchantId !== undefined && containsCardNumber(merchantId))) return { refusal: 'claims' };
  return {
    principal: { sub: claims.sub, role: claims.role as Role, ...(merchantId !== undefined ? { merchantId } : {}) },
    exp: claims.exp,
  };
}

/** What a 401 says for each refusal (and for no token at all): what is wrong, and what to do. */
export function tokenRefusalDetail(refusal: TokenRefusal | 'missing', at?: number): string {
  // A signed exp or nbf can lie beyond what a Date holds (1e13 s): then the detail goes without the time.
  const date = at === undefined ? undefined : new Date(at * 1000);
  const when = date && !Number.isNaN(date.getTime()) ? ` ${date.toISOString()}` : '';
  switch (refusal) {
    case 'missing':
      return 'A bearer token is required: send Authorization: Bearer <token> (npm run token mints a development one)';
    case 'malformed':
      return 'The bearer token is not a JWT (three base64url parts, header and claims in JSON): send the token as it was issued';
    case 'algorithm':
      return 'The bearer token is not signed with HS256, the only algorithm accepted';
    case 'signature':
      return "The bearer token's signature does not match: it was signed with another secret (another DATA_DIR or AUTH_JWT_SECRET?) or altered";
    case 'expired':
      return `The bearer token expired at${when}: get a new one (npm run token mints a development one)`;
    case 'not-yet-valid':
      return `The bearer token is not valid before${when} (its nbf; a minute of clock skew is allowed)`;
    case 'claims':
      return `The bearer token's claims are not usable: it needs a numeric exp, sub (1-${MAX_SUBJECT_LENGTH} characters), role (${ROLES.join(', ')}) and, if present, a non-empty merchantId; neither sub nor merchantId may look like a card number`;
  }
}

/**
 * verifyJwt behind a bounded cache of tokens already verified, keyed by the whole token (signature included),
 * so a forged or altered token is never a hit. A storefront sends the same token with every request, and the
 * HMAC and two JSON parses were about 6% of the gateway's CPU per request. A hit still honours `exp`; rejected
 * tokens are not cached. When full, the cache starts over (cheap, and a steady set of tokens refills it).
 */
export class JwtVerifier {
  private readonly verified = new Map<string, Verified>();

  constructor(private readonly secret: string, private readonly maxEntries = 10_000) {}

  verify(token: string, nowSeconds = Math.floor(Date.now() / 1000)): Principal | null {
    const checked = this.check(token, nowSeconds);
    return 'principal' in checked ? checked.principal : null;
  }

  /** The principal, or why the token is refused. */
  check(token: string, nowSeconds = Math.floor(Date.now() / 1000)): { principal: Principal } | { refusal: TokenRefusal; at?: number } {
    const hit = this.verified.get(token);
    if (hit) {
      if (hit.exp > nowSeconds) return hit;
      this.verified.delete(token);
      return { refusal: 'expired', at: hit.exp };
    }
    const checked = verifyToken(token, this.secret, nowSeconds);
    if (!('principal' in checked)) return checked;
    const verified = { principal: Object.freeze(checked.principal), exp: checked.exp }; // shared by every request with this token
    if (this.verified.size >= this.maxEntries) this.verified.clear();
    this.verified.set(token, verified);
    return verified;
  }
}
