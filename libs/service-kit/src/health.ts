import { Controller, Get, Header, Inject, Injectable, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { metricsRegistry } from './metrics';

export type ReadinessCheck = () => Promise<void>;

/** Readiness checks a service registers (database reachable, consumers started, ...). */
@Injectable()
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async evaluate(): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const results: Record<string, string> = {};
    let ready = true;
    for (const [name, check] of this.checks) {
      try {
        await check();
        results[name] = 'ok';
      } catch (error) {
        ready = false;
        results[name] = (error as Error).message;
      }
    }
    return { ready, checks: results };
  }
}

/** Liveness (the process answers), readiness (it can do its work) and Prometheus metrics. */
@Controller()
export class HealthController {
  constructor(@Inject(Readiness) private readonly readiness: Readiness) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res() reply: FastifyReply) {
    const { ready, checks } = await this.readiness.evaluate();
    void reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'starting', checks });
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics() {
    return metricsRegistry.metrics();
  }
}
