import { Ledger, LedgerLine, reconcile } from './ledger';
import type { Movement } from './movements';

const capture = (paymentId: string, amount: bigint, eventId = `e-c${paymentId}`, merchantId = '3', currency = 'USD'): Movement => ({
  key: `capture:${paymentId}`, eventId, kind: 'capture', merchantId, currency, amountMinor: amount, orderId: '1', paymentId, at: '2030-01-01T00:00:00.000Z',
});
const refund = (refundId: string, amount: bigint, eventId = `e-r${refundId}`, merchantId = '3', currency = 'USD'): Movement => ({
  key: `refund:${refundId}`, eventId, kind: 'refund', merchantId, currency, amountMinor: amount, orderId: '1', paymentId: '1', refundId, at: '2030-01-02T00:00:00.000Z',
});
const BIG = 2n ** 53n;

describe('Ledger', () => {
  it.each<[string, Movement[], [string, string, string][], string[]]>([
    ['a capture credits the merchant', [capture('1', 1500n)], [['3', 'USD', '1500']], ['1500']],
    ['a refund debits it', [capture('1', 1500n), refund('1', 500n)], [['3', 'USD', '1000']], ['1500', '1000']],
    ['a refund before its capture goes negative', [refund('1', 500n)], [['3', 'USD', '-500']], ['-500']],
    ['currencies are separate accounts', [capture('1', 100n, 'a'), capture('2', 7n, 'b', '3', 'EUR')], [['3', 'USD', '100'], ['3', 'EUR', '7']], ['100', '7']],
    ['merchants are separate accounts', [capture('1', 100n, 'a'), capture('2', 50n, 'b', '4')], [['3', 'USD', '100'], ['4', 'USD', '50']], ['100', '50']],
    ['sums past 2^53 stay exact', [capture('1', BIG), capture('2', 1n), capture('3', BIG)], [['3', 'USD', (2n * BIG + 1n).toString()]], [BIG.toString(), (BIG + 1n).toString(), (2n * BIG + 1n).toString()]],
    ['a redelivered event is recorded once', [capture('1', 100n, 'a'), capture('1', 100n, 'a')], [['3', 'USD', '100']], ['100']],
    ['the v1 and v2 twins of one capture are recorded once', [capture('1', 100n, 'v1'), capture('1', 100n, 'v2')], [['3', 'USD', '100']], ['100']],
    ['a capture and its refund are different movements', [capture('1', 100n), refund('1', 100n)], [['3', 'USD', '0']], ['100', '0']],
  ])('%s', (_name, movements, balances, running) => {
    const ledger = new Ledger();
    const lines = movements.map((movement) => ledger.apply(movement)).flatMap((result) => ('recorded' in result ? [result.recorded] : []));
    for (const [merchant, currency, balance] of balances) expect(ledger.balance(merchant, currency).toString()).toBe(balance);
    expect(lines.map((line) => line.balanceMinor)).toEqual(running);
    expect(lines.map((line) => line.line)).toEqual(running.map((_, index) => index + 1));
    expect(reconcile(lines).problems).toEqual([]);
  });

  it.each<[string, Movement, Movement, string]>([
    ['the same event again', capture('1', 100n, 'a'), capture('1', 100n, 'a'), 'redelivered'],
    ['another event for the same movement', capture('1', 100n, 'v1'), capture('1', 100n, 'v2'), 'twin'],
  ])('names a duplicate: %s', (_name, first, second, kind) => {
    const ledger = new Ledger();
    ledger.apply(first);
    expect(ledger.apply(second)).toEqual({ duplicate: kind, recordedBy: first.eventId });
  });

  it('refuses a zero amount (the contracts forbid it; a bug upstream)', () => {
    expect(() => new Ledger().apply(capture('1', 0n))).toThrow(RangeError);
  });

  it('continues from its snapshot exactly', () => {
    const first = new Ledger();
    first.apply(capture('1', BIG));
    const resumed = new Ledger(JSON.parse(JSON.stringify(first.snapshot())));
    expect(resumed.apply(capture('1', BIG))).toMatchObject({ duplicate: 'redelivered' });
    expect(resumed.apply(refund('1', 1n))).toMatchObject({ recorded: { line: 2, balanceMinor: (BIG - 1n).toString() } });
  });
});

describe('reconcile', () => {
  const good = (): LedgerLine[] => {
    const ledger = new Ledger();
    return [capture('1', 100n), capture('2', 50n), refund('1', 30n)].map((movement) => (ledger.apply(movement) as { recorded: LedgerLine }).recorded);
  };
  it.each<[string, (lines: LedgerLine[]) => void, RegExp | undefined]>([
    ['a consistent ledger', () => undefined, undefined],
    ['a wrong running balance', (lines) => (lines[1].balanceMinor = '151'), /line 2: balance 151 of 3\/USD, expected 150/],
    ['a movement recorded twice', (lines) => lines.push({ ...lines[0], line: 4, balanceMinor: '220' }), /capture:1 recorded twice/],
    ['a gap in the numbering', (lines) => (lines[2].line = 7), /line 3: numbered 7/],
    ['a refund that adds money', (lines) => Object.assign(lines[2], { deltaMinor: '30', balanceMinor: '180' }), /refund with delta 30/],
  ])('%s', (_name, corrupt, problem) => {
    const lines = good();
    corrupt(lines);
    const result = reconcile(lines);
    if (problem) expect(result.problems).toContainEqual(expect.stringMatching(problem));
    else expect(result).toEqual({ problems: [], balances: { '3/USD': '120' } });
  });
});
