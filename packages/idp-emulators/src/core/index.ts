export * from './types';
export * from './faults';
export * from './generator';
export * from './random';
export * from './rateLimit';
export * from './server';
export * from './tls';
export * from './started';
