/** What a SCIM answer's body holds, as far as tests read it (a resource, a ListResponse or an Error). */
export interface ScimAnswerBody {
  id?: string;
  active?: boolean;
  status?: string;
  scimType?: string;
  totalResults?: number;
  members?: unknown[];
  Resources?: Array<{ id: string; [attribute: string]: unknown }>;
  [attribute: string]: unknown;
}

/** A SCIM answer: its status, body (`{}` when empty), content type and headers. */
export interface ScimAnswer {
  status: number;
  body: ScimAnswerBody;
  contentType: string | null;
  headers: Headers;
}

/** A SCIM client as an IdP is one (Entra ID's provisioning, Okta): a bearer token and `application/scim+json` bodies. */
export class ScimClient {
  /** `baseUrl` is the service provider's, e.g. `http://localhost:7007/api/catalog/org-sync/scim/<id>`. */
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request(method: string, path: string, body?: unknown): Promise<ScimAnswer> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {}, contentType: response.headers.get('content-type'), headers: response.headers };
  }
}
