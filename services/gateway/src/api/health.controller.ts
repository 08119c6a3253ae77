import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PlatformHealthService } from '../application/platform-health.service';

const HEALTH_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'starting'] },
    services: {
      type: 'object',
      additionalProperties: { type: 'string', enum: ['ok', 'starting', 'unreachable', 'timeout'] },
      example: { orders: 'ok', inventory: 'ok', payments: 'ok', projections: 'ok' },
    },
  },
};

/** Platform health (every service ready), the gateway's own liveness, and Prometheus metrics. No token needed. */
@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(@Inject(PlatformHealthService) private readonly platform: PlatformHealthService) {}

  @Get('health')
  @ApiOperation({ operationId: 'health', summary: 'Ready when every service answers its readiness probe' })
  @ApiResponse({ status: 200, description: 'Every service is ready', schema: HEALTH_SCHEMA })
  @ApiResponse({ status: 503, description: 'At least one service is not ready yet', schema: HEALTH_SCHEMA })
  health(@Res() reply: FastifyReply) {
    return this.answerHealth(reply);
  }

  // The same answer under the name probes expect; an operation of its own, since OpenAPI ids must be unique.
  @Get('health/ready')
  @ApiOperation({ operationId: 'ready', summary: 'The same as /health: ready when every service answers its readiness probe' })
  @ApiResponse({ status: 200, description: 'Every service is ready', schema: HEALTH_SCHEMA })
  @ApiResponse({ status: 503, description: 'At least one service is not ready yet', schema: HEALTH_SCHEMA })
  ready(@Res() reply: FastifyReply) {
    return this.answerHealth(reply);
  }

  private async answerHealth(reply: FastifyReply): Promise<void> {
    const health = await this.platform.health();
    if (health.status !== 'ok') void reply.header('retry-after', '1');
    void reply
      .status(health.status === 'ok' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(health);
  }

  @Get('health/live')
  @ApiOperation({ operationId: 'live', summary: 'The gateway process answers' })
  @ApiResponse({ status: 200, description: 'Alive', schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } })
  live() {
    return { status: 'ok' };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ operationId: 'metrics', summary: 'Prometheus metrics of the gateway and every reachable service, labelled by service' })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'Prometheus text exposition format 0.0.4' })
  metrics() {
    return this.platform.metrics();
  }
}
