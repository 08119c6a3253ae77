import { envReader } from '@shop/config';
import { redactCardNumbers } from '@shop/contracts';
import pino, { Logger } from 'pino';

/** Values that must never reach a log line: secrets by key, and anything shaped like a card number. */
const REDACT_KEYS = ['authorization', 'password', 'token', 'secret', 'providerToken', 'payment.token', '*.token', 'req.headers.authorization'];

/** LOG_LEVEL, checked here: pino's own refusal of a misspelt level does not name the variable. */
export function logLevel(env: Record<string, string | undefined> = process.env) {
  return envReader(env).oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info');
}

/** JSON logs on stdout; every line carries the service name, and callers add orderId/correlationId. */
export function createLogger(service: string): Logger {
  return pino({
    base: { service },
    level: logLevel(),
    redact: { paths: REDACT_KEYS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      logMethod(args, method) {
        // Strings are scrubbed of card numbers (as the gateway's guard sees them) before they are written.
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactCardNumbers(arg) : arg)) as Parameters<typeof method>);
      },
    },
  });
}
