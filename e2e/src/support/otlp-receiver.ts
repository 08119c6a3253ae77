import { createServer, Server } from 'node:http';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  /** The exporting process's resource `service.name`, what a trace viewer groups spans by. */
  resourceService: string;
  attributes: Record<string, string | number | boolean>;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };

/** A minimal OTLP/HTTP (JSON) trace receiver, so tests can see what the services really export. */
export async function startOtlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans?: { resource?: { attributes?: { key: string; value: OtlpValue }[] }; scopeSpans?: { spans?: any[] }[] }[] };
        for (const resource of body.resourceSpans ?? []) {
          const resourceService = String(resource.resource?.attributes?.find((attribute) => attribute.key === 'service.name')?.value.stringValue);
          for (const scope of resource.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              const attributes = Object.fromEntries(
                (span.attributes ?? []).map((attribute: { key: string; value: OtlpValue }) => [attribute.key, attribute.value.stringValue ?? attribute.value.boolValue ?? Number(attribute.value.intValue ?? attribute.value.doubleValue)]),
              );
              spans.push({ traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId || undefined, name: span.name, service: String(attributes['service.name']), resourceService, attributes });
            }
          }
        }
      } catch {
        /* not JSON: ignore */
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/v1/traces`, spans, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
