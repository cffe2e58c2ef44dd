export * from './core';
export * from './okta';
export * from './graph';
export * from './github';
export * from './startEmulators';
export * from './ldap';
export * from './ldap-ad';
