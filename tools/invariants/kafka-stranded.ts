import { AssignerProtocol, type Admin, type Kafka } from 'kafkajs';
import type { CheckResult } from './run-checks';

/** One group's partition that holds messages older than the grace period it has not consumed. */
export interface StrandedPartition {
  group: string;
  topic: string;
  partition: number;
  committed: number;
  stranded: number;
}

/**
 * For a partition: the first offset whose message is younger than the cutoff (Kafka's time index; the end of
 * the partition when none is), the group's committed offset (-1: none yet) and the partition's first offset.
 * Everything from the committed offset up to the cutoff offset is older than the grace period and unconsumed.
 */
export function strandedOn(cutoffOffset: number, committed: number, lowOffset: number): number {
  const from = committed < 0 ? lowOffset : Math.max(committed, lowOffset);
  return Math.max(0, cutoffOffset - from);
}

/**
 * The topics a group reads: those it has committed on, and those its running members subscribe to. Without the
 * latter, a group that never committed (a consumer paused or failing from its first message) looked consumed.
 */
async function topicsOf(admin: Admin, groupId: string): Promise<string[]> {
  const committed = (await admin.fetchOffsets({ groupId })).map((entry) => entry.topic);
  const { groups } = await admin.describeGroups([groupId]);
  const subscribed = groups.flatMap((group) =>
    group.protocolType === 'consumer' ? group.members.flatMap((member) => AssignerProtocol.MemberMetadata.decode(member.memberMetadata)?.topics ?? []) : [],
  );
  return [...new Set([...committed, ...subscribed])].sort();
}

/**
 * Kafka mode's counterpart of the Postgres positions check: every consumer group of the namespace against the
 * messages of its topics older than `graceSeconds`, read from the broker's committed offsets and time index.
 * Read-only: it lists, describes and fetches offsets, and joins no group.
 */
export async function kafkaStrandedBacklog(kafka: Kafka, namespace: string, graceSeconds: number, now = Date.now()): Promise<CheckResult> {
  const admin = kafka.admin();
  await admin.connect();
  const examples: StrandedPartition[] = [];
  let groupsRead = 0;
  try {
    const { groups } = await admin.listGroups();
    const ours = groups.map((group) => group.groupId).filter((groupId) => groupId.startsWith(`${namespace}.`)).sort();
    const cutoffs = new Map<string, Map<number, number>>();
    const lows = new Map<string, Map<number, number>>();
    for (const groupId of ours) {
      groupsRead++;
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics: await topicsOf(admin, groupId) })) {
        if (!cutoffs.has(topic)) {
          const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, now - graceSeconds * 1_000);
          cutoffs.set(topic, new Map(byTime.map((row) => [row.partition, Number(row.offset)])));
          const bounds = await admin.fetchTopicOffsets(topic);
          lows.set(topic, new Map(bounds.map((row) => [row.partition, Number(row.low)])));
        }
        for (const { partition, offset } of partitions) {
          const stranded = strandedOn(cutoffs.get(topic)!.get(partition) ?? 0, Number(offset), lows.get(topic)!.get(partition) ?? 0);
          if (stranded > 0) examples.push({ group: groupId, topic, partition, committed: Number(offset), stranded });
        }
      }
    }
  } finally {
    await admin.disconnect();
  }
  return {
    name: 'no-stranded-kafka-messages',
    description: `every Kafka consumer group of namespace ${namespace} (${groupsRead} read) has consumed every message older than the grace period`,
    violations: examples.length,
    examples: examples.slice(0, 5) as unknown as Record<string, unknown>[],
  };
}
