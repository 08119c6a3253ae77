import { connect } from 'node:net';

/** `host:port` of each broker in a KAFKA_BROKERS list. */
export function brokerAddresses(list: string): { host: string; port: number }[] {
  return list.split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    const at = entry.lastIndexOf(':');
    return { host: entry.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(entry.slice(at + 1)) };
  });
}

function accepts(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Refuses a Kafka-mode start when no broker of KAFKA_BROKERS accepts a connection. Without it every service
 * retried for about a minute and a half, logging kafkajs connection errors, and the start ended with "the gateway
 * did not become healthy" without naming the variable.
 */
export async function refuseUnreachableKafka(list: string, timeoutMs = 3_000): Promise<void> {
  const brokers = brokerAddresses(list);
  const answers = await Promise.all(brokers.map(({ host, port }) => accepts(host, port, timeoutMs)));
  if (!answers.some(Boolean)) {
    throw new Error(`no Kafka broker answers at KAFKA_BROKERS=${list}: start one with npm run kafka:up, or set KAFKA_BROKERS to yours`);
  }
}
