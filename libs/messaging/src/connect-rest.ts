/** Kafka Connect's REST API, as the outbox connector's registrar calls it. */

/** The connector's resource: `${connectorUrl(...)}/config`, `/status`, `/offsets`, ... */
export function connectorUrl(connectUrl: string, name: string): string {
  return `${connectUrl}/connectors/${encodeURIComponent(name)}`;
}

export async function connectRequest(method: string, url: string, body?: unknown): Promise<Response> {
  return fetch(url, { method, headers: body === undefined ? undefined : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** Throws `Kafka Connect <what>: <status> <answer>` unless the answer is 2xx; `refused` may add a hint to the answer. */
export async function expectOk(what: string, response: Response, refused: (text: string) => string = (text) => text): Promise<void> {
  if (!response.ok) throw new Error(`Kafka Connect ${what}: ${response.status} ${refused(await response.text())}`);
}
