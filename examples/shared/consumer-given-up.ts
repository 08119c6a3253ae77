import type { Consumer } from 'kafkajs';

/**
 * Calls `giveUp` when kafkajs crashes the consumer and will not restart it. kafkajs restarts a crashed consumer
 * only after a retriable error; after any other (a coordinator not found across a broker restart is one) the
 * consumer stays stopped while the process lives on, reading nothing. A worker should stop then, so its process
 * manager starts a fresh one, which reads on from the committed offsets.
 */
export function onConsumerGivenUp(consumer: Consumer, giveUp: (error: Error) => void): void {
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) giveUp(new Error(`the Kafka consumer stopped for good (${payload.error.name}: ${payload.error.message}); start the worker again`));
  });
}
