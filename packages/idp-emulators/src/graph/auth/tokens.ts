import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { GraphError } from '../errors';

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const WWW_AUTHENTICATE = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`;

/**
 * Issues app-only access tokens that look like Entra's (a JWT with `aud`,
 * `tid`, `appid`, `roles`, `exp`) and checks them on every Graph request.
 * Tokens are remembered by id so they can all be revoked at once.
 */
export class TokenIssuer {
  private readonly secret = randomBytes(32);
  private live = new Set<string>();

  constructor(
    private readonly options: {
      tenantId: string;
      lifetimeSeconds: number;
      now: () => number;
      roles: string[];
    },
  ) {}

  issue(clientId: string): IssuedToken {
    const now = Math.floor(this.options.now() / 1000);
    const uti = randomUUID();
    const payload = {
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${this.options.tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + this.options.lifetimeSeconds,
      app_displayname: 'orgsync emulator client',
      appid: clientId,
      appidacr: '1',
      idp: `https://sts.windows.net/${this.options.tenantId}/`,
      idtyp: 'app',
      oid: clientId,
      roles: this.options.roles,
      sub: clientId,
      tid: this.options.tenantId,
      uti,
      ver: '1.0',
    };
    const head = b64(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
    const body = b64(JSON.stringify(payload));
    const signature = createHmac('sha256', this.secret).update(`${head}.${body}`).digest('base64url');
    this.live.add(uti);
    return { accessToken: `${head}.${body}.${signature}`, expiresIn: this.options.lifetimeSeconds };
  }

  /** Throws Graph's 401 `InvalidAuthenticationToken` unless the header carries a live token. */
  authenticate(authorization: string | undefined): void {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw unauthorized('Access token is empty.');
    const [head, body, signature] = match[1].split('.');
    if (!head || !body || !signature) throw unauthorized('IDX14100: JWT is not well formed.');
    const expected = createHmac('sha256', this.secret).update(`${head}.${body}`).digest('base64url');
    if (expected !== signature) throw unauthorized('Access token validation failure. Invalid signature.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { exp: number; uti: string };
    if (payload.exp * 1000 <= this.options.now()) throw unauthorized('Lifetime validation failed, the token is expired.');
    if (!this.live.has(payload.uti)) throw unauthorized('Access token has been revoked.');
  }

  revokeAll(): number {
    const count = this.live.size;
    this.live = new Set();
    return count;
  }
}

function unauthorized(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message, { 'www-authenticate': WWW_AUTHENTICATE });
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
