export * from './test-server';
export * from './test-database';
export * from './wait-for';
