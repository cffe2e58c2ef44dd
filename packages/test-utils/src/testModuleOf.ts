import { CapturingLogger } from './capturingLogger';
import type { FixtureProvider, TestedModule } from './orgSyncFixture';
import { providerTestModule } from './providerTestModule';

/**
 * The module's test module alone (its providers handed to the test, its logs captured), for a test that starts its
 * backends itself: one backend after another's on the same database, the official module's first.
 */
export function testModuleOf<P extends FixtureProvider<R>, R>(module: TestedModule<P, R>) {
  return providerTestModule(module.moduleId, new CapturingLogger(), module.createProviders);
}
