import { metricsRegistry } from '@shop/service-kit';
import { UPSTREAMS, Upstream } from '../gateway.config';
import { ExpositionSource, mergeExpositions } from '../domain/metrics-exposition';
import { upstreamUp } from './gateway-metrics';
import { UpstreamClient } from './upstream.client';

export type ServiceState = 'ok' | 'starting' | 'unreachable' | 'timeout';

export interface PlatformHealth {
  status: 'ok' | 'starting';
  services: Record<Upstream, ServiceState>;
}

/** Readiness of the whole platform (every service's /health/ready) and its metrics in one scrape. */
export class PlatformHealthService {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly probeTimeoutMs: number,
  ) {}

  async health(): Promise<PlatformHealth> {
    const states = await Promise.all(
      UPSTREAMS.map(async (service): Promise<[Upstream, ServiceState]> => {
        const probe = await this.upstream.probe(service, '/health/ready', this.probeTimeoutMs);
        const state: ServiceState = probe.status === 200 ? 'ok' : typeof probe.status === 'number' ? 'starting' : probe.status;
        upstreamUp.set({ upstream: service }, state === 'ok' ? 1 : 0);
        return [service, state];
      }),
    );
    const services = Object.fromEntries(states) as Record<Upstream, ServiceState>;
    return { status: states.every(([, state]) => state === 'ok') ? 'ok' : 'starting', services };
  }

  /** The gateway's own metrics and every reachable service's, each sample labelled with its `service`. */
  async metrics(): Promise<string> {
    const scraped = await Promise.all(
      UPSTREAMS.map(async (service): Promise<ExpositionSource | undefined> => {
        const probe = await this.upstream.probe(service, '/metrics', this.probeTimeoutMs);
        return probe.status === 200 && 'text' in probe ? { service, text: probe.text } : undefined;
      }),
    );
    const own: ExpositionSource = { service: 'gateway', text: await metricsRegistry.metrics() };
    return mergeExpositions([own, ...scraped.filter((source): source is ExpositionSource => source !== undefined)]);
  }
}
