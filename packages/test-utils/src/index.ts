export * from './capturingLogger';
export * from './catalogApi';
export * from './catalogTestBackend';
export * from './postgres';
export * from './backendProcess';
export * from './providerTestModule';
export * from './replicaDatabase';
export * from './slapd';
