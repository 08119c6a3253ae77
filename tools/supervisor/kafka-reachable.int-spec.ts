import { createServer, Server } from 'node:net';
import { brokerAddresses, refuseUnreachableKafka } from './kafka-reachable';

describe('brokerAddresses', () => {
  it.each([
    ['127.0.0.1:9092', [{ host: '127.0.0.1', port: 9092 }]],
    ['a:1, b:2', [{ host: 'a', port: 1 }, { host: 'b', port: 2 }]],
    ['[::1]:9092', [{ host: '::1', port: 9092 }]],
  ])('%s', (list, expected) => {
    expect(brokerAddresses(list)).toEqual(expected);
  });
});

describe('refuseUnreachableKafka', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('passes when one broker of the list accepts a connection', async () => {
    await expect(refuseUnreachableKafka(`127.0.0.1:1,127.0.0.1:${port}`)).resolves.toBeUndefined();
  });

  it('names the variable and what to do when none does', async () => {
    await expect(refuseUnreachableKafka('127.0.0.1:1')).rejects.toThrow('no Kafka broker answers at KAFKA_BROKERS=127.0.0.1:1: start one with npm run kafka:up');
  });
});
