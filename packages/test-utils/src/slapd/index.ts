export * from './availability';
export * from './slapdServer';
export type { SlapdTlsFiles } from './tlsMaterial';
