import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { RETRIABLE_STATUSES as THROTTLED } from './graphErrors';
import type { RequestBudget } from './requestBudget';

/**
 * Graph client middleware, just before the HTTP call: each attempt gets a
 * signal from the budget, which also ends the reading of its body (a
 * trickling answer), and closes the socket when it fires. The budget counts
 * the attempts and those Graph throttled (429/503/504).
 */
export class RequestTimeoutHandler implements Middleware {
  private next?: Middleware;

  constructor(private readonly budget: RequestBudget) {}

  async execute(context: Context): Promise<void> {
    const method = context.options?.method ?? 'GET';
    context.options = { ...context.options, signal: this.budget.signalFor(`Microsoft Graph ${method} ${pathOf(context.request)}`) };
    this.budget.sent.requests++;
    try {
      await this.next!.execute(context);
    } finally {
      if (context.response && THROTTLED.has(context.response.status)) this.budget.sent.throttled++;
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** The request's path, without its query (which can hold paging tokens). */
function pathOf(request: Context['request']): string {
  const url = typeof request === 'string' ? request : request.url;
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0];
  }
}
