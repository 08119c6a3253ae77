import { Controller, Inject } from '@nestjs/common';
import { CatalogService } from '../application/catalog.service';
import type { GatewayContext } from '../application/gateway-context';
import { Route } from './route.decorator';
import { Ctx } from './request-state';

/** Customers, addresses, products and SKUs. */
@Controller()
export class CatalogController {
  constructor(@Inject(CatalogService) private readonly catalog: CatalogService) {}

  @Route('createCustomer')
  createCustomer(@Ctx() context: GatewayContext) {
    return this.catalog.createCustomer(context);
  }

  @Route('getCustomer')
  getCustomer(@Ctx() context: GatewayContext) {
    return this.catalog.getCustomer(context);
  }

  @Route('addAddress')
  addAddress(@Ctx() context: GatewayContext) {
    return this.catalog.addAddress(context);
  }

  @Route('updateAddress')
  updateAddress(@Ctx() context: GatewayContext) {
    return this.catalog.updateAddress(context);
  }

  @Route('deleteAddress')
  deleteAddress(@Ctx() context: GatewayContext) {
    return this.catalog.deleteAddress(context);
  }

  @Route('createProduct')
  createProduct(@Ctx() context: GatewayContext) {
    return this.catalog.createProduct(context);
  }

  @Route('createSku')
  createSku(@Ctx() context: GatewayContext) {
    return this.catalog.createSku(context);
  }

  @Route('getSku')
  getSku(@Ctx() context: GatewayContext) {
    return this.catalog.getSku(context);
  }

  @Route('updateSku')
  updateSku(@Ctx() context: GatewayContext) {
    return this.catalog.changePrice(context);
  }

  @Route('restockSku')
  restockSku(@Ctx() context: GatewayContext) {
    return this.catalog.restock(context);
  }

  @Route('skuAvailability')
  skuAvailability(@Ctx() context: GatewayContext) {
    return this.catalog.availability(context);
  }
}
