import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { MESSAGE_BUS } from '@shop/service-kit';
import type { MessageBus } from '../message-bus';
import { deadLettersLimit, deadLettersOrder, redriveIds } from './bus-admin-requests';

/** Operator endpoints of a service's bus connection: lag, pause/resume, dead letters and redrive. Internal network only. */
@Controller('internal/bus')
export class BusAdminController {
  constructor(@Inject(MESSAGE_BUS) private readonly bus: MessageBus) {}

  @Get()
  status() {
    return this.bus.status();
  }

  @Post('pause')
  @HttpCode(200)
  pause() {
    this.bus.pause();
    return this.bus.status();
  }

  @Post('resume')
  @HttpCode(200)
  resume() {
    this.bus.resume();
    return this.bus.status();
  }

  @Get('dead-letters')
  async deadLetters(@Query('limit') limit?: string, @Query('order') order?: string) {
    const letters = await this.bus.deadLetters(deadLettersLimit(limit), deadLettersOrder(order));
    return { items: letters.map((letter) => ({ ...letter, failedAt: letter.failedAt.toISOString() })) };
  }

  @Post('dead-letters/redrive')
  @HttpCode(200)
  redrive(@Body() body: unknown) {
    return this.bus.redrive(redriveIds(body));
  }
}
