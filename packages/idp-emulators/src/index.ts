export * from './core';
export * from './graph';
