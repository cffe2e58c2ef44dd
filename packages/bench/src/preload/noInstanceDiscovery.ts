/**
 * Preloaded (`node --require`) into the peer msgraph backend only: the official
 * module builds `ClientSecretCredential` without `disableInstanceDiscovery`, and
 * MSAL then refuses any authority it cannot discover (our local emulator). This
 * swaps the class in `@azure/identity`'s cached exports for one that sets the
 * option, before the module loads. It also asks for Graph's own scope: the module
 * derives the scope from `target`'s host (`https://localhost/.default` here), which
 * Entra (and the emulator) refuse for any host but graph.microsoft.com.
 * Benchmark-only; product code never does this.
 */
import Module from 'node:module';

const modulePath = require.resolve('@azure/identity', {
  paths: [require.resolve('@backstage/plugin-catalog-backend-module-msgraph')],
});
type CredentialClass = new (tenantId: string, clientId: string, clientSecret: string, options?: Record<string, unknown>) => {
  getToken(scopes: string | string[], options?: unknown): Promise<unknown>;
};
const identity = require(modulePath) as { ClientSecretCredential: CredentialClass };
const Original = identity.ClientSecretCredential;

class ClientSecretCredentialWithoutDiscovery extends Original {
  constructor(tenantId: string, clientId: string, clientSecret: string, options: Record<string, unknown> = {}) {
    super(tenantId, clientId, clientSecret, { ...options, disableInstanceDiscovery: true });
  }

  override getToken(_scopes: string | string[], options?: unknown) {
    return super.getToken('https://graph.microsoft.com/.default', options);
  }
}

const cache = (Module as unknown as { _cache: Record<string, { exports: unknown }> })._cache;
cache[modulePath].exports = { ...identity, ClientSecretCredential: ClientSecretCredentialWithoutDiscovery };
