export * from './logger';
export * from './problem';
export * from './problem.filter';
export * from './bootstrap';
export * from './health';
export * from './jwt';
export * from './service-config';
export * from './metrics';
