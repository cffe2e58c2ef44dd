import { ConfigReader } from '@backstage/config';
import { readRequestTimeoutMs } from './readRequestTimeout';

const PATH = 'catalog.providers.okta.main';

describe('readRequestTimeoutMs', () => {
  it('defaults to 60 s and reads objects and ISO strings', () => {
    expect(readRequestTimeoutMs(new ConfigReader({}), PATH)).toBe(60_000);
    expect(readRequestTimeoutMs(new ConfigReader({ requestTimeout: { seconds: 5 } }), PATH)).toBe(5000);
    expect(readRequestTimeoutMs(new ConfigReader({ requestTimeout: 'PT2M' }), PATH)).toBe(120_000);
  });

  // Its bounds are tested with every other duration setting's, in durations.test.ts.
});
