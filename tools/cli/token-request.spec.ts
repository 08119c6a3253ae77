import { parseOptions } from './parse-options';
import { TOKEN_OPTIONS, tokenRequest } from './token-request';

const request = (...argv: string[]) => tokenRequest(parseOptions(argv, TOKEN_OPTIONS).options);

describe('tokenRequest', () => {
  it.each([
    { argv: ['--role', 'admin'], claims: { sub: 'dev-admin', role: 'admin' }, ttlSeconds: 3600 },
    { argv: ['--role', 'finance', '--ttl', '60'], claims: { sub: 'dev-finance', role: 'finance' }, ttlSeconds: 60 },
    { argv: ['--role', 'customer', '--sub', '42'], claims: { sub: '42', role: 'customer' }, ttlSeconds: 3600 },
    { argv: ['--role', 'merchant', '--merchant-id', '7'], claims: { sub: 'dev-merchant', role: 'merchant', merchantId: '7' }, ttlSeconds: 3600 },
    { argv: ['--role=fulfillment', '--merchant-id=7', '--sub=w-1'], claims: { sub: 'w-1', role: 'fulfillment', merchantId: '7' }, ttlSeconds: 3600 },
  ])('mints $argv', ({ argv, claims, ttlSeconds }) => {
    expect(request(...argv)).toEqual({ claims, ttlSeconds });
  });

  it.each([
    { argv: [], error: '--role is required: one of admin, customer, merchant, fulfillment, finance' },
    { argv: ['--role', 'root'], error: '--role must be one of admin, customer, merchant, fulfillment, finance, got "root"' },
    { argv: ['--role', 'customer'], error: '--role customer needs --sub <customerId>' },
    { argv: ['--role', 'merchant'], error: '--role merchant needs --merchant-id <id>' },
    { argv: ['--role', 'fulfillment', '--sub', 'w-1'], error: '--role fulfillment needs --merchant-id <id>' },
    { argv: ['--role', 'customer', '--sub', 'abc'], error: '--sub needs a customer id (a positive integer, as POST /v1/customers answers), got "abc"' },
    { argv: ['--role', 'customer', '--sub', '0'], error: '--sub needs a customer id' },
    { argv: ['--role', 'admin', '--sub', 'a'.repeat(151)], error: '--sub must be 1 to 150 characters (the gateway refuses longer subjects), got 151' },
    { argv: ['--role', 'merchant', '--merchant-id', 'acme'], error: '--merchant-id needs a positive integer, got "acme"' },
    { argv: ['--role', 'admin', '--merchant-id', '-7'], error: '--merchant-id needs a positive integer' },
    { argv: ['--role', 'admin', '--sub', '4111111111111111'], error: '--sub looks like a card number (13-19 digits passing Luhn)' },
    { argv: ['--role', 'merchant', '--merchant-id', '5555555555554444'], error: '--merchant-id looks like a card number' },
    // 1h used to mint a token with "exp":null, valid for ever.
    { argv: ['--role', 'admin', '--ttl', '1h'], error: '--ttl needs a positive integer, got "1h"' },
    { argv: ['--role', 'admin', '--ttl', '0'], error: '--ttl needs a positive integer, got "0"' },
  ])('refuses $argv', ({ argv, error }) => {
    expect(() => request(...argv)).toThrow(error);
  });
});
