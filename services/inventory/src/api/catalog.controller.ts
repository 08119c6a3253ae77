import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Req } from '@nestjs/common';
import { createProductBody, createSkuBody, restockBody, updateSkuBody, ValidBody, ValidId } from '@shop/service-kit';
import type { FastifyRequest } from 'fastify';
import { CatalogService } from '../application/catalog.service';
import { requestContext } from './request-context';

/** Internal catalog API; the gateway validates and authorises before it calls these, and bodies are validated again here. */
@Controller('internal')
export class CatalogController {
  constructor(@Inject(CatalogService) private readonly catalog: CatalogService) {}

  @Post('products')
  @HttpCode(201)
  createProduct(@Body(new ValidBody(createProductBody)) body: { merchantId: string; name: string; description?: string | null }) {
    return this.catalog.createProduct(body);
  }

  @Post('skus')
  @HttpCode(201)
  createSku(@Body(new ValidBody(createSkuBody)) body: Parameters<CatalogService['createSku']>[0], @Req() request: FastifyRequest) {
    return this.catalog.createSku(body, requestContext(request));
  }

  @Get('skus/:id')
  getSku(@Param('id', new ValidId('SKU')) id: string) {
    return this.catalog.getSku(id);
  }

  @Patch('skus/:id')
  changePrice(@Param('id', new ValidId('SKU')) id: string, @Body(new ValidBody(updateSkuBody)) body: { priceCents?: number }, @Req() request: FastifyRequest) {
    // The schema asks for at least one field, and priceCents is its only one.
    return this.catalog.changePrice(id, body.priceCents!, requestContext(request));
  }

  @Post('skus/:id/restock')
  @HttpCode(200)
  restock(@Param('id', new ValidId('SKU')) id: string, @Body(new ValidBody(restockBody)) body: { quantity: number }) {
    return this.catalog.restock(id, body.quantity);
  }

  @Get('skus/:id/availability')
  availability(@Param('id', new ValidId('SKU')) id: string) {
    return this.catalog.availability(id);
  }
}
