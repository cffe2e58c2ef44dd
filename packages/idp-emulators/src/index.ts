export * from './core';
export * from './graph';
export * from './okta';
