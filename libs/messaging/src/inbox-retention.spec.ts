import { ConfigError } from '@shop/config';
import { checkInboxRetention, longestTopicRetention, withCheckedInboxRetention } from './inbox-retention';
import { TopicDefinitionsFile, loadTopicDefinitions } from './topic-definitions';

const DAY = 86_400_000;
const days = (n: number) => ({ partitions: 3, config: { 'cleanup.policy': 'delete', 'retention.ms': String(n * DAY) } });
const file = (changes: Partial<Record<'order' | 'reservation' | 'sku' | 'payment' | 'deadLetters', { partitions: number; config: Record<string, string> }>>): TopicDefinitionsFile => {
  const { deadLetters, ...events } = changes;
  return { events: { order: days(7), reservation: days(7), sku: days(1), payment: days(7), ...events }, deadLetters: deadLetters ?? days(7) };
};

describe('longestTopicRetention', () => {
  const WEEK = 7 * DAY; // segment.ms when a topic sets none: the open segment is closed, then deleted whole
  it.each([
    ['the longest delete-policy topic, plus its open segment', file({ payment: days(30) }), { topic: 'payment', ms: 30 * DAY + WEEK }],
    ['the dead-letter topics when they keep longest', file({ deadLetters: days(40) }), { topic: 'dead letters', ms: 40 * DAY + WEEK }],
    ['a topic\'s own segment.ms', file({ payment: { partitions: 3, config: { 'retention.ms': String(30 * DAY), 'segment.ms': String(DAY) } } }), { topic: 'payment', ms: 31 * DAY }],
    ['not a compacted topic, which keeps the newest event per key for ever', file({ sku: { partitions: 3, config: { 'cleanup.policy': 'compact' } } }), { topic: 'order', ms: 7 * DAY + WEEK }],
    ['a topic both compacted and deleted', file({ sku: { partitions: 3, config: { 'cleanup.policy': 'compact,delete', 'retention.ms': String(9 * DAY) } } }), { topic: 'sku', ms: 9 * DAY + WEEK }],
    ["Kafka's default (7 days) for a topic without retention.ms", file({ order: { partitions: 3, config: {} }, reservation: days(1), payment: days(1), deadLetters: days(1) }), { topic: 'order', ms: 7 * DAY + WEEK }],
    ['for ever for retention.ms -1', file({ reservation: { partitions: 3, config: { 'retention.ms': '-1' } } }), { topic: 'reservation', ms: Infinity }],
  ])('takes %s', (_, definitions, expected) => {
    expect(longestTopicRetention(definitions)).toEqual(expected);
  });
});

describe('checkInboxRetention', () => {
  it.each([
    [38, file({ payment: days(30) })],
    [45, loadTopicDefinitions()],
  ])('accepts %i days against topics that keep less', (retentionDays, definitions) => {
    expect(() => checkInboxRetention(retentionDays, definitions)).not.toThrow();
  });

  it.each([
    [37, file({ payment: days(30) }), /INBOX_RETENTION_DAYS must be longer .* got 37: topic payment keeps them up to 37 days \(retention.ms \+ segment.ms\)/],
    [31, file({ payment: days(30) }), /got 31: topic payment keeps them up to 37 days/],
    [14, file({ deadLetters: days(7.5) }), /topic dead letters keeps them up to 14.5 days/],
    [36_500, file({ order: { partitions: 3, config: { 'retention.ms': '-1' } } }), /topic order keeps them for ever \(retention.ms -1\)/],
    [37, loadTopicDefinitions(), /topic payment keeps them up to 37 days .*\(infra\/kafka\/topics.json\)/],
  ])('refuses %i days against a topic that keeps events as long or longer', (retentionDays, definitions, message) => {
    expect(() => checkInboxRetention(retentionDays, definitions)).toThrow(ConfigError);
    expect(() => checkInboxRetention(retentionDays, definitions)).toThrow(message);
  });

  it('checks only in Kafka mode: the embedded log is read from checkpoints, never from a reset group', () => {
    expect(withCheckedInboxRetention({ bus: 'postgres', inboxRetentionDays: 1 })).toEqual({ bus: 'postgres', inboxRetentionDays: 1 });
    expect(() => withCheckedInboxRetention({ bus: 'kafka', inboxRetentionDays: 1 })).toThrow(/INBOX_RETENTION_DAYS/);
    expect(withCheckedInboxRetention({ bus: 'kafka', inboxRetentionDays: 45 })).toEqual({ bus: 'kafka', inboxRetentionDays: 45 });
  });
});
