import { connectRequest, connectorUrl } from './connect-rest';

interface ConnectorStatus {
  tasks: { id: number; state: string; trace?: string }[];
}

/**
 * Restarts the connector's FAILED tasks, if any; returns the first line of each failure it restarted. Debezium
 * retries a lost database once (`retriable.restart.connector.wait.ms`); a Postgres that took longer to come back
 * after a crash left the task FAILED for good, with every service healthy and no event relayed.
 */
export async function restartFailedTasks(connectUrl: string, name: string): Promise<string[]> {
  const connector = connectorUrl(connectUrl, name);
  const response = await connectRequest('GET', `${connector}/status`);
  if (!response.ok) return [];
  const failed = ((await response.json()) as ConnectorStatus).tasks.filter((task) => task.state === 'FAILED');
  if (failed.length === 0) return [];
  await connectRequest('POST', `${connector}/restart?includeTasks=true&onlyFailed=true`);
  return failed.map((task) => `task ${task.id}: ${task.trace?.split('\n')[0] ?? 'no trace'}`);
}

/** Checks every `intervalMs` until stopped; `say` reports each restart. Errors (Connect away) wait for the next round. */
export function watchConnector(connectUrl: string, name: string, say: (line: string) => void, intervalMs = 10_000): () => void {
  const timer = setInterval(() => {
    restartFailedTasks(connectUrl, name).then(
      (restarted) => restarted.forEach((failure) => say(`Debezium connector ${name} had a FAILED ${failure}; restarted it`)),
      () => undefined,
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
