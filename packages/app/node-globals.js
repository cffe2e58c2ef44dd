// Node's globals that browser builds of some dependencies still reference (what Backstage's CLI provides through
// webpack's ProvidePlugin): esbuild's `inject` replaces each free use of `Buffer` and `process` with these.
export { Buffer } from 'buffer';
export { default as process } from 'process/browser';
