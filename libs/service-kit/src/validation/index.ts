// Request validation without the framework: what domain code may import (`@shop/service-kit/validation`). The
// NestJS pipes built on it (valid-body.ts, valid-id.ts) are exported by the package's main entry only.
export * from './schema';
export * from './countries';
export * from './currencies';
export * from './request-bodies';
export * from './tracking-number';
