import { ClientCertificateCredential, ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { Client, PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { GraphConnectionInfo } from '..';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export function secretCredential(info: GraphConnectionInfo, secret = info.clientSecret): ClientSecretCredential {
  return new ClientSecretCredential(info.tenantId, info.clientId, secret, {
    authorityHost: info.authorityHost,
    disableInstanceDiscovery: true,
  });
}

export function certificateCredential(info: GraphConnectionInfo): ClientCertificateCredential {
  return new ClientCertificateCredential(
    info.tenantId,
    info.clientId,
    { certificatePath: info.certificate.certificatePath },
    { authorityHost: info.authorityHost, disableInstanceDiscovery: true },
  );
}

/** The Graph JS client v3 as an application wires it, pointed at the emulator. */
export function graphClient(info: GraphConnectionInfo, credential: TokenCredential = secretCredential(info)): Client {
  const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] });
  return Client.initWithMiddleware({ authProvider, baseUrl: `${info.url}/`, customHosts: new Set(['localhost']) });
}

/** Follows every nextLink with the SDK's PageIterator. */
export async function collectAll<T = Record<string, unknown>>(client: Client, first: PageCollection): Promise<T[]> {
  const items: T[] = [];
  const iterator = new PageIterator(client, first, item => {
    items.push(item as T);
    return true;
  });
  await iterator.iterate();
  return items;
}

/** Follows nextLinks by hand up to the deltaLink: returns all items, the page count and the deltaLink. */
export async function deltaRound<T = Record<string, unknown>>(
  client: Client,
  start: string,
): Promise<{ items: T[]; pages: number; deltaLink: string }> {
  const items: T[] = [];
  let pages = 0;
  let link: string | undefined = start;
  for (;;) {
    const page: PageCollection = await client.api(link!).get();
    pages++;
    items.push(...(page.value as T[]));
    if (page['@odata.nextLink']) link = page['@odata.nextLink'];
    else return { items, pages, deltaLink: page['@odata.deltaLink'] as string };
  }
}
