import { createHmac, timingSafeEqual } from 'node:crypto';

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

/** Verifies an HS256 JWT and returns its principal, or null for anything malformed, forged or expired. */
export function verifyJwt(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): Principal | null {
  return verifyToken(token, secret, nowSeconds)?.principal ?? null;
}

/** verifyJwt with the token's expiry, for callers that keep the principal. */
function verifyToken(token: string, secret: string, nowSeconds: number): { principal: Principal; exp: number } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts;
  let decodedHeader: { alg?: string };
  let claims: Record<string, unknown>;
  try {
    decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (decodedHeader.alg !== 'HS256') return null; // never accept "none" or another algorithm
  // Compared as text against the canonical encoding: decoding first would also accept other spellings of the same
  // bytes (the last character of 43 carries 2 unused bits), so one token would have several valid forms.
  const expected = Buffer.from(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  // A token must say when it expires: one without a numeric exp (absent, null, a string) would never expire.
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp) || claims.exp < nowSeconds) return null;
  // Not valid yet (nbf), beyond a minute of clock skew between the issuer and this machine.
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || !Number.isFinite(claims.nbf) || claims.nbf > nowSeconds + NOT_BEFORE_SKEW_SECONDS)) return null;
  if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role as Role)) return null;
  // The subject goes into every event the request causes as `<role>:<sub>` (the contracts' actor: 200 characters).
  if (claims.sub.length === 0 || claims.sub.length > MAX_SUBJECT_LENGTH) return null;
  const merchantId = claims.merchantId === undefined ? undefined : String(claims.merchantId);
  return {
    principal: { sub: claims.sub, role: claims.role as Role, ...(merchantId !== undefined ? { merchantId } : {}) },
    exp: claims.exp,
  };
}

/**
 * verifyJwt behind a bounded cache of tokens already verified, keyed by the whole token (signature included),
 * so a forged or altered token is never a hit. A storefront sends the same token with every request, and the
 * HMAC and two JSON parses were about 6% of the gateway's CPU per request. A hit still honours `exp`; rejected
 * tokens are not cached. When full, the cache starts over (cheap, and a steady set of tokens refills it).
 */
export class JwtVerifier {
  private readonly verified = new Map<string, { principal: Principal; exp: number }>();

  constructor(private readonly secret: string, private readonly maxEntries = 10_000) {}

  verify(token: string, nowSeconds = Math.floor(Date.now() / 1000)): Principal | null {
    const hit = this.verified.get(token);
    if (hit) {
      if (hit.exp >= nowSeconds) return hit.principal;
      this.verified.delete(token);
      return null;
    }
    const verified = verifyToken(token, this.secret, nowSeconds);
    if (!verified) return null;
    const principal = Object.freeze(verified.principal); // shared by every request with this token
    if (this.verified.size >= this.maxEntries) this.verified.clear();
    this.verified.set(token, { principal, exp: verified.exp });
    return principal;
  }
}
