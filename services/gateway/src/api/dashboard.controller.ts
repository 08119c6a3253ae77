import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ProblemError, problems } from '@shop/service-kit';
import type { FastifyReply } from 'fastify';
import { DASHBOARD_CSP, WebAssets } from '../dashboard/web-assets';

/**
 * The operator dashboard: `/` is its page, `/dashboard/<file>` its scripts and styles. Public like /docs: the
 * page holds no data; it asks for an admin token and calls the /v1/admin routes with it.
 */
@ApiExcludeController()
@Controller()
export class DashboardController {
  constructor(@Inject(WebAssets) private readonly assets: WebAssets) {}

  @Get()
  index(@Res() reply: FastifyReply) {
    return this.send(reply, 'index.html');
  }

  @Get('dashboard/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply) {
    return this.send(reply, file);
  }

  private async send(reply: FastifyReply, name: string) {
    if (!this.assets.built) throw new ProblemError(404, 'not-found', 'The dashboard is not built here: run node tools/build.mjs');
    const asset = await this.assets.read(name);
    if (!asset) throw problems.notFound('the dashboard file asked for'); // not named: the path is the caller's text
    void reply
      .status(200)
      .header('content-type', asset.contentType)
      // Small files that change with every build: revalidate instead of guessing a lifetime.
      .header('cache-control', 'no-cache')
      .header('content-security-policy', DASHBOARD_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(asset.body);
  }
}
