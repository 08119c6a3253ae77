import { ALL_CONTRACTS, PaymentCapturedV1Contract, PaymentCapturedV2Contract, topicFor } from '@shop/contracts';
import { buildAsyncApi } from './asyncapi';

type Doc = { [key: string]: any };
const doc = buildAsyncApi(ALL_CONTRACTS, { schemasPath: './schemas', brokers: '127.0.0.1:9092', partitions: 3 }) as Doc;

/** Resolves a local `#/a/b` reference (and the references it leads to) the way an AsyncAPI tool would. */
const resolveRef = (ref: string): Doc => {
  const target: Doc = ref.slice(2).split('/').reduce((node: Doc, segment) => node[segment], doc);
  return typeof target.$ref === 'string' && target.$ref.startsWith('#/') ? resolveRef(target.$ref) : target;
};

describe('buildAsyncApi', () => {
  it('has one channel per topic shop.<aggregateType>', () => {
    const topics = [...new Set(ALL_CONTRACTS.map((contract) => topicFor(contract.aggregateType)))].sort();
    expect(Object.values(doc.channels as Record<string, Doc>).map((channel) => channel.address).sort()).toEqual(topics);
  });

  it.each(ALL_CONTRACTS.map((contract) => [`${contract.type} v${contract.version}`, contract]))('publishes %s on its topic with key, headers and payload schema', (_name, contract) => {
    const id = `${contract.type}.v${contract.version}`;
    const channel = doc.channels[topicFor(contract.aggregateType)];
    const message = resolveRef(channel.messages[id].$ref);
    expect(message.payload).toEqual({ $ref: `./schemas/${contract.type}.v${contract.version}.json` });
    expect(message.headers.properties.version.const).toBe(String(contract.version));
    expect(message.headers.properties.type.const).toBe(contract.type);
    expect(message.bindings.kafka.key.type).toBe('string');
    const operation = Object.values(doc.operations as Record<string, Doc>).find((candidate) => candidate.channel.$ref === `#/channels/${topicFor(contract.aggregateType)}`)!;
    expect(operation.action).toBe('send');
    expect(operation.messages.map((ref: Doc) => resolveRef(ref.$ref))).toContainEqual(message);
  });

  it('marks the deprecated version and not its successor', () => {
    expect(doc.components.messages[`${PaymentCapturedV1Contract.type}.v1`]).toMatchObject({ 'x-deprecated': true, description: expect.stringMatching(/superseded by v2/) });
    expect(doc.components.messages[`${PaymentCapturedV2Contract.type}.v2`]['x-deprecated']).toBeUndefined();
  });
});
