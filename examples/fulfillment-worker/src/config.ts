/** Everything the worker reads from its environment, read once at start-up. */
export interface WorkerConfig {
  brokers: string[];
  /** `shop.order`, or another topic carrying the same messages (tests use a fresh one per run). */
  topic: string;
  groupId: string;
  merchantId: string;
  apiUrl: string;
  apiToken: string;
  /** JSON file of handled event ids. */
  stateFile: string;
}

export const CONFIG_HELP = `Environment:
  KAFKA_BROKERS   comma-separated brokers (required), e.g. 127.0.0.1:9092
  MERCHANT_ID     the merchant whose confirmed orders this worker ships (required)
  API_TOKEN       fulfillment JWT for that merchant (required): npm run token -- --role fulfillment --merchant-id <id>
  API_URL         the platform's public API (default http://127.0.0.1:3000)
  ORDER_TOPIC     topic of order events (default shop.order)
  GROUP_ID        Kafka consumer group (default fulfillment-worker-<MERCHANT_ID>)
  STATE_FILE      handled event ids (default ./.data/fulfillment-worker/<MERCHANT_ID>.json)`;

/** Reads the configuration; throws naming the variable when one is missing or malformed. */
export function readWorkerConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const required = (name: string) => {
    const value = env[name]?.trim();
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const brokers = required('KAFKA_BROKERS').split(',').map((broker) => broker.trim()).filter(Boolean);
  const merchantId = required('MERCHANT_ID');
  if (!/^[1-9][0-9]{0,18}$/.test(merchantId)) throw new Error(`MERCHANT_ID must be a positive integer id, not ${merchantId}`);
  const apiUrl = env.API_URL ?? 'http://127.0.0.1:3000';
  if (!/^https?:\/\//.test(apiUrl)) throw new Error(`API_URL must be an http(s) URL, not ${apiUrl}`);
  return {
    brokers,
    topic: env.ORDER_TOPIC ?? 'shop.order',
    groupId: env.GROUP_ID ?? `fulfillment-worker-${merchantId}`,
    merchantId,
    apiUrl,
    apiToken: required('API_TOKEN'),
    stateFile: env.STATE_FILE ?? `./.data/fulfillment-worker/${merchantId}.json`,
  };
}
