export * from './pool';
export * from './named-query';
export * from './transaction';
export * from './migrations';
export * from './embedded-server';
export * from './service-roles';
export * from './database-url';
export * from './platform-database';
