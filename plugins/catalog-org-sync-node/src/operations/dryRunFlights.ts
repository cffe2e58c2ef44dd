import type { RunResult } from '../run/OrgEntityProvider';
import type { OperableProvider } from './OperableProvider';

interface Flight {
  result: Promise<RunResult>;
  /** Aborts the shared read: once every caller has gone. */
  controller: AbortController;
  callers: number;
}

/**
 * One dry run per provider at a time: a caller that comes while one reads joins it and gets the same answer. The read
 * stops when every caller waiting for it has gone (or after `timeoutMs`), since nobody would see what it found.
 */
export class DryRunFlights {
  private readonly flights = new Map<string, Flight>();

  constructor(private readonly timeoutMs: number) {}

  /** The provider's dry run, shared with the callers already waiting for one; undefined when `caller` aborted first. */
  run(provider: OperableProvider, caller: AbortSignal): Promise<RunResult | undefined> {
    if (caller.aborted) return Promise.resolve(undefined);
    const flight = this.flightOf(provider);
    flight.callers++;
    return new Promise<RunResult | undefined>((resolve, reject) => {
      const leave = () => {
        if (--flight.callers > 0) return resolve(undefined);
        // Nobody would see what the read finds: it stops, and the next caller starts a new one.
        this.forget(provider.getProviderName(), flight);
        flight.controller.abort();
        resolve(undefined);
      };
      caller.addEventListener('abort', leave, { once: true });
      flight.result.then(resolve, reject).finally(() => caller.removeEventListener('abort', leave));
    });
  }

  private flightOf(provider: OperableProvider): Flight {
    const name = provider.getProviderName();
    const flying = this.flights.get(name);
    if (flying) return flying;
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(this.timeoutMs)]);
    const flight: Flight = { controller, callers: 0, result: provider.dryRun({ signal }) };
    this.flights.set(name, flight);
    const forget = () => this.forget(name, flight);
    flight.result.then(forget, forget);
    return flight;
  }

  /** Later callers start a new read. */
  private forget(name: string, flight: Flight): void {
    if (this.flights.get(name) === flight) this.flights.delete(name);
  }
}
