import { simulatedOutcome } from './simulated-card-rules';

describe('simulated provider rules', () => {
  it.each([
    ['tok_visa', 0, 'capture'],
    ['tok_mastercard', 0, 'capture'],
    ['tok_chargeDeclined', 0, 'decline'],
    ['tok_chargeDeclined', 5, 'decline'],
    ['tok_processingError', 0, 'transient-failure'],
    ['tok_processingError', 1, 'transient-failure'],
    ['tok_processingError', 2, 'capture'],
    ['tok_processingError', 3, 'capture'],
  ])('%s after %i transient failures: %s', (token, failures, outcome) => {
    expect(simulatedOutcome(token, failures)).toBe(outcome);
  });
});
