import { createHmac } from 'node:crypto';
import { JwtVerifier, TokenRefusal, signJwt, tokenRefusalDetail, verifyJwt } from './jwt';

const SECRET = 'test-secret-of-enough-length';

describe('JwtVerifier', () => {
  const now = Math.floor(Date.now() / 1000);
  const token = signJwt({ sub: '42', role: 'customer' }, SECRET, 600);
  const [header, payload, signature] = token.split('.');
  const flip = (text: string) => (text.endsWith('A') ? `${text.slice(0, -1)}B` : `${text.slice(0, -1)}A`);
  // The last of the signature's 43 characters carries 2 unused bits: this spelling decodes to the same bytes.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const unusedBitFlipped = `${signature.slice(0, -1)}${alphabet[alphabet.indexOf(signature.at(-1)!) ^ 1]}`;
  const otherLead = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
  // Any claims, correctly signed: what a buggy issuer could mint.
  const signed = (claims: Record<string, unknown>) => signedText(JSON.stringify(claims));
  // Claims as JSON text, for what JSON.stringify cannot write (1e999 parses as Infinity).
  const signedText = (json: string) => {
    const body = `${header}.${Buffer.from(json).toString('base64url')}`;
    return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
  };

  it.each([
    ['a valid token', token, { sub: '42', role: 'customer' }],
    ['another signature', `${header}.${payload}.${flip(signature)}`, null],
    ['a signature with another first character', `${header}.${payload}.${otherLead}`, null],
    ['a truncated signature', `${header}.${payload}.${signature.slice(0, -1)}`, null],
    ['a signature one character too long', `${header}.${payload}.${signature}A`, null],
    ['the same signature bytes spelled with an unused bit flipped', `${header}.${payload}.${unusedBitFlipped}`, null],
    ['another payload', `${header}.${Buffer.from(JSON.stringify({ sub: '1', role: 'admin', exp: now + 600 })).toString('base64url')}.${signature}`, null],
    ['a token signed with another secret', signJwt({ sub: '42', role: 'customer' }, 'another-secret-entirely', 600), null],
    ['garbage', 'not.a.jwt', null],
    ['a subject of 150 characters', signJwt({ sub: 's'.repeat(150), role: 'admin' }, SECRET, 600), { sub: 's'.repeat(150), role: 'admin' }],
    ['a subject of 151 characters (longer than an event actor may carry)', signJwt({ sub: 's'.repeat(151), role: 'admin' }, SECRET, 600), null],
    ['an empty subject', signJwt({ sub: '', role: 'admin' }, SECRET, 600), null],
    ['claims signed by hand, with an exp', signed({ sub: '42', role: 'customer', exp: now + 600 }), { sub: '42', role: 'customer' }],
    ['no exp (it would never expire)', signed({ sub: '42', role: 'customer' }), null],
    ['exp null', signed({ sub: '42', role: 'customer', exp: null }), null],
    ['exp as a string', signed({ sub: '42', role: 'customer', exp: String(now + 600) }), null],
    ['exp 1e999 (Infinity: it would never expire)', signedText('{"sub":"42","role":"customer","exp":1e999}'), null],
    ['an expired token', signed({ sub: '42', role: 'customer', exp: now - 1 }), null],
    ['nbf an hour ahead', signed({ sub: '42', role: 'customer', exp: now + 7200, nbf: now + 3600 }), null],
    ['nbf within a minute of clock skew', signed({ sub: '42', role: 'customer', exp: now + 600, nbf: now + 30 }), { sub: '42', role: 'customer' }],
    ['nbf as a string', signed({ sub: '42', role: 'customer', exp: now + 600, nbf: 'soon' }), null],
  ])('answers %s as verifyJwt does, first time and cached', (_name, candidate, expected) => {
    const verifier = new JwtVerifier(SECRET);
    expect(verifyJwt(candidate, SECRET)).toEqual(expected);
    expect(verifier.verify(candidate)).toEqual(expected);
    expect(verifier.verify(candidate)).toEqual(expected);
  });

  it.each([
    ['garbage', 'not.a.jwt', 'malformed'],
    ['two parts', 'a.b', 'malformed'],
    ['alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`, 'algorithm'],
    ['another secret', signJwt({ sub: '42', role: 'customer' }, 'another-secret-entirely', 600), 'signature'],
    ['expired', signed({ sub: '42', role: 'customer', exp: now - 1 }), 'expired'],
    ['not yet valid', signed({ sub: '42', role: 'customer', exp: now + 7200, nbf: now + 3600 }), 'not-yet-valid'],
    ['no exp', signed({ sub: '42', role: 'customer' }), 'claims'],
    ['an unknown role', signed({ sub: '42', role: 'root', exp: now + 600 }), 'claims'],
    ['an empty merchantId', signed({ sub: '42', role: 'merchant', merchantId: '', exp: now + 600 }), 'claims'],
    ['a subject shaped like a card number (it would be stored as the actor)', signed({ sub: '4111111111111111', role: 'admin', exp: now + 600 }), 'claims'],
    ['a merchantId shaped like a card number', signed({ sub: 'm', role: 'merchant', merchantId: '5555555555554444', exp: now + 600 }), 'claims'],
    ['nbf past what a date holds', signed({ sub: '42', role: 'customer', exp: now + 600, nbf: 1e13 }), 'not-yet-valid'],
    ['exp before what a date holds', signed({ sub: '42', role: 'customer', exp: -1e13 }), 'expired'],
    ['a truncated signature', `${header}.${payload}.${signature.slice(0, -1)}`, 'signature'],
    ['exp 1e999', signedText('{"sub":"42","role":"customer","exp":1e999}'), 'claims'],
  ])('says why it refuses %s', (_name, candidate, refusal) => {
    const verifier = new JwtVerifier(SECRET);
    const checked = verifier.check(candidate);
    expect(checked).toMatchObject({ refusal });
    expect(tokenRefusalDetail(refusal as TokenRefusal, (checked as { at?: number }).at).length).toBeGreaterThan(20);
  });

  it('says when an expired token expired, cached or not', () => {
    const verifier = new JwtVerifier(SECRET);
    expect(verifier.check(token, now)).toMatchObject({ principal: { sub: '42' } });
    const refused = verifier.check(token, now + 601);
    expect(refused).toEqual({ refusal: 'expired', at: expect.any(Number) });
    expect(tokenRefusalDetail('expired', (refused as { at: number }).at)).toMatch(/^The bearer token expired at \d{4}-\d\d-\d\dT.*Z: get a new one/);
  });

  it('answers from the cache as afresh in the seconds around exp', () => {
    const exp = now + 600;
    const candidate = signed({ sub: '42', role: 'customer', exp });
    const cached = new JwtVerifier(SECRET);
    expect(cached.verify(candidate, exp - 100)).not.toBeNull();
    for (const second of [exp - 1, exp, exp + 1]) {
      expect([second - exp, cached.verify(candidate, second)]).toEqual([second - exp, new JwtVerifier(SECRET).verify(candidate, second)]);
    }
    expect(verifyJwt(candidate, SECRET, exp - 1)).not.toBeNull();
    expect(verifyJwt(candidate, SECRET, exp)).toBeNull(); // RFC 7519: refused on or after exp
    expect(verifyJwt(candidate, SECRET, exp + 1)).toBeNull();
  });

  it.each([
    [59, true],
    [60, true],
    [61, false],
  ])('allows nbf %i s ahead: %s (a minute of clock skew)', (ahead, accepted) => {
    const candidate = signed({ sub: '42', role: 'customer', exp: now + 600, nbf: now + ahead });
    expect(verifyJwt(candidate, SECRET, now) !== null).toBe(accepted);
  });

  it('does not let a cached token outlive its exp', () => {
    const verifier = new JwtVerifier(SECRET);
    expect(verifier.verify(token, now)).toEqual({ sub: '42', role: 'customer' });
    expect(verifier.verify(token, now + 599)).toEqual({ sub: '42', role: 'customer' });
    expect(verifier.verify(token, now + 601)).toBeNull();
    expect(verifier.verify(token, now)).toEqual({ sub: '42', role: 'customer' }); // verified afresh, not from a stale entry
  });

  it('hands out a principal no request can change for the next one', () => {
    const verifier = new JwtVerifier(SECRET);
    const principal = verifier.verify(token)!;
    expect(Object.isFrozen(principal)).toBe(true);
    expect(verifier.verify(token)).toBe(principal);
  });

  it('stays within its bound', () => {
    const verifier = new JwtVerifier(SECRET, 3);
    const tokens = Array.from({ length: 10 }, (_, index) => signJwt({ sub: String(index), role: 'customer' }, SECRET, 600));
    const sizes: number[] = [];
    const subjects = tokens.map((candidate) => {
      const sub = verifier.verify(candidate)?.sub;
      sizes.push((verifier as unknown as { verified: Map<string, unknown> }).verified.size);
      return sub;
    });
    expect(subjects).toEqual(tokens.map((_, index) => String(index)));
    expect(Math.max(...sizes)).toBe(3); // after each one, not only after the last
    expect(tokens.map((candidate) => verifier.verify(candidate)?.sub)).toEqual(tokens.map((_, index) => String(index)));
  });
});
