import type { IncomingHttpHeaders } from 'node:http';

/** A parsed request as an emulator route sees it. */
export interface EmulatorRequest {
  method: string;
  /** Full URL as the client addressed it (absolute, with the emulator's base URL). */
  url: URL;
  /** Route path parameters (`/groups/:id` → `{ id }`). */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Raw body (empty string when none). */
  rawBody: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
  /** The route id (`GET /api/v1/users`), used for counters and faults. */
  routeId: string;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  /** Object/array → JSON; string or Buffer → sent as is; undefined → no body. */
  body?: unknown;
}

export type RouteHandler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

/** What a fault does to a matching request. */
export type FaultKind =
  /** Answer with `status` (default 500) and the IdP's error body. */
  | 'status'
  /** Answer as the IdP does when rate limited (Okta 429 E0000047, Graph 429 Retry-After, GitHub 403 secondary limit). */
  | 'rate-limit'
  /** Send headers and part of the body, then destroy the socket. */
  | 'reset'
  /** Send a syntactically broken (cut) JSON body with status 200. */
  | 'truncate'
  /** Never answer (the socket is held until the server closes). */
  | 'hang'
  /** Add latency (`latencyMs` plus up to `jitterMs`) and then answer normally. */
  | 'latency'
  /** Send headers, then the body one byte every `intervalMs` (default 1000) — a response that never finishes. */
  | 'trickle'
  /** Answer normally, but the page's next link / cursor points back at this page (a paging loop). IdP-specific: see the emulator's `rewriteFault`. */
  | 'loop'
  /** Answer 200 with an empty page and no next page (e.g. a member list `200 []`). IdP-specific. */
  | 'empty-page'
  /** Answer 200 with an error object as the body (Graph inner `$batch` responses). IdP-specific. */
  | 'inner-error';

/** Fault kinds that change a real answer rather than replace it; each IdP says how in `rewriteFault`. */
export type RewriteFaultKind = 'loop' | 'empty-page' | 'inner-error';

export interface FaultRule {
  /** Route id (`GET /api/v1/users`), a path prefix (`/api/v1/groups`), or `*` (default). Admin routes never match. */
  route?: string;
  kind: FaultKind;
  /** Status for `status` faults (default 500) or `rate-limit` (IdP default). */
  status?: number;
  /** Share of matching requests hit, 0..1 (default 1). */
  probability?: number;
  /** Let this many matching requests through before the fault starts (default 0). */
  afterRequests?: number;
  /** Apply to this many requests, then retire the rule (default unlimited). */
  count?: number;
  /** Seconds advertised in Retry-After / reset headers for `rate-limit` (IdP default otherwise). */
  retryAfterSeconds?: number;
  latencyMs?: number;
  jitterMs?: number;
  /** Milliseconds between bytes for `trickle` (default 1000). */
  intervalMs?: number;
}

/** A fault rule as stored, with its id and how often it fired. */
export interface ActiveFault extends FaultRule {
  id: string;
  seen: number;
  fired: number;
}

export interface RequestCounters {
  total: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  /** Inner requests of batch endpoints (Graph `$batch`), by route. */
  innerByRoute: Record<string, number>;
  /** Inner requests of batch endpoints, by the status they were answered with. */
  innerByStatus: Record<string, number>;
}

/** How an IdP renders the error responses that faults produce. */
export interface ErrorRenderer {
  serverError(status: number, req: EmulatorRequest): EmulatorResponse;
  rateLimited(req: EmulatorRequest, retryAfterSeconds?: number, status?: number): EmulatorResponse;
  /**
   * Rewrites a real answer for a `loop`, `empty-page` or `inner-error` fault the
   * way this IdP would get it wrong; undefined = the IdP has no such fault for
   * this request (the real answer is sent).
   */
  rewriteFault?(kind: RewriteFaultKind, req: EmulatorRequest, real: EmulatorResponse): EmulatorResponse | undefined;
}
