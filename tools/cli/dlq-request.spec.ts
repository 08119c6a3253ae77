import { dlqRequest, DLQ_OPTIONS, redriveExitCode } from './dlq-request';
import { parseOptions } from './parse-options';

const request = (...argv: string[]) => dlqRequest(parseOptions(argv, DLQ_OPTIONS, 1));

describe('dlqRequest', () => {
  it.each([
    { argv: [], expected: undefined },
    { argv: ['lag'], expected: { command: 'lag', service: undefined } },
    { argv: ['list', '--service', 'payments'], expected: { command: 'list', service: 'payments' } },
    { argv: ['list', '--limit', '500'], expected: { command: 'list', service: undefined, limit: 500 } },
    { argv: ['redrive'], expected: { command: 'redrive', service: undefined } },
    { argv: ['redrive', '--service=orders', '--ids', '3, 12'], expected: { command: 'redrive', service: 'orders', ids: ['3', '12'] } },
  ])('reads $argv', ({ argv, expected }) => {
    expect(request(...argv)).toEqual(expected);
  });

  it.each([
    { argv: ['purge'], error: 'unknown command "purge": one of list, redrive, lag' },
    { argv: ['lag', '--limit', '5'], error: '--limit only goes with list' },
    { argv: ['list', '--limit', '5000'], error: '--limit' },
    { argv: ['list', '--service', 'foo'], error: '--service must be one of orders, inventory, payments, projections, got "foo"' },
    { argv: ['redrive', '--ids', '1,2'], error: 'redrive --ids needs --service' },
    { argv: ['list', '--service', 'orders', '--ids', '1'], error: '--ids only goes with redrive' },
    { argv: ['redrive', '--service', 'orders', '--ids', '1,x'], error: '--ids needs dead-letter ids like 1,2,3, got "1,x"' },
  ])('refuses $argv', ({ argv, error }) => {
    expect(() => request(...argv)).toThrow(error);
  });
});

describe('redriveExitCode', () => {
  it.each([
    ['every letter redriven', { redriven: ['1'], failed: [], notFound: [] }, 0],
    ['nothing to redrive', { redriven: [], failed: [] }, 0],
    ['a letter still failing', { redriven: [], failed: [{ id: '3', error: 'still broken' }], notFound: [] }, 1],
    ['an id that is not a pending letter', { redriven: [], failed: [], notFound: ['999'] }, 1],
  ])('%s -> %i', (_what, result, code) => {
    expect(redriveExitCode(result)).toBe(code);
  });
});
