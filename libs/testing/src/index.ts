export * from './test-server';
export * from './test-database';
export * from './wait-for';
export * from './platform-harness';
export * from './kafka-availability';
export * from './unique-name';
export * from './counting-pool';
