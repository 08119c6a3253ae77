import { connectRequest, connectorUrl, expectOk } from './connect-rest';

/**
 * Kafka Connect keeps a source connector's offsets under its name, even after the connector is deleted. For Debezium
 * the offset is a WAL position (LSN) of the database it streamed: once that database is recreated (a wiped data
 * directory, another server) under the same connector name, the stored LSN may lie ahead of the new replication
 * slot, and Debezium would pass over every change until the WAL caught up with it, publishing none of them. So a
 * connector about to create its slot starts with no offsets: registered stopped (Kafka 3.7's `initial_state`, or
 * stopped if it exists), its offsets deleted (KIP-875), then resumed.
 */

/**
 * Registers (or updates) `name` with `config`, with no stored offsets, and resumes it. `refused` adds a hint to a
 * refused config. Resolves once Connect has taken the resume; the caller waits for the task to run.
 */
export async function startConnectorClean(connectUrl: string, name: string, config: Record<string, string>, refused: (text: string) => string, timeoutMs: number): Promise<void> {
  const connector = connectorUrl(connectUrl, name);
  if ((await connectRequest('GET', connector)).ok) {
    await expectOk(`did not stop connector ${name}`, await connectRequest('PUT', `${connector}/stop`));
    await expectOk(`refused connector ${name}`, await connectRequest('PUT', `${connector}/config`, config), refused);
  } else {
    await expectOk(`refused connector ${name}`, await connectRequest('POST', `${connectUrl}/connectors`, { name, config, initial_state: 'STOPPED' }), refused);
  }
  // Offsets can be deleted once the connector has stopped and its tasks are gone, which Connect does in the background.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reset = await connectRequest('DELETE', `${connector}/offsets`);
    if (reset.ok) break;
    const text = await reset.text();
    if (Date.now() > deadline) throw new Error(`Kafka Connect did not reset the offsets of connector ${name} within ${timeoutMs / 1000} s: ${reset.status} ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await expectOk(`did not resume connector ${name}`, await connectRequest('PUT', `${connector}/resume`));
}
