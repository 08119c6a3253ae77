import { signJwt } from '@shop/service-kit';
import { readToken, tokenProblem } from './token';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('readToken', () => {
  it('reads role, subject and expiry of a token the platform mints', () => {
    const info = readToken(signJwt({ sub: 'ops-1', role: 'admin' }, SECRET, 3600));
    expect(info).toMatchObject({ role: 'admin', sub: 'ops-1' });
    expect(info!.expiresAt).toBeGreaterThan(Date.now());
  });

  it('reads non-ASCII claims (UTF-8 inside base64url)', () => {
    expect(readToken(signJwt({ sub: 'opérateur', role: 'admin' }, SECRET))?.sub).toBe('opérateur');
  });

  it.each([['not a token'], ['a.b'], ['a.b.c.d'], ['x.!!!.y'], ['x.bm90IGpzb24.y'], ['']])('%j is not a token', (text) => {
    expect(readToken(text)).toBeUndefined();
  });
});

describe('tokenProblem', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  it.each([
    [{ role: 'admin', sub: 'a' }, undefined],
    [{ role: 'admin', sub: 'a', expiresAt: now + 1 }, undefined],
    [{ role: 'admin', sub: 'a', expiresAt: now }, 'This token has expired: mint a new one.'],
    [{ role: 'finance', sub: 'f' }, 'This is a finance token; the dashboard needs an admin token.'],
    [undefined, 'That is not a JWT: paste the whole token (three parts separated by dots).'],
  ])('%j -> %j', (info, problem) => {
    expect(tokenProblem(info, now)).toBe(problem);
  });
});
