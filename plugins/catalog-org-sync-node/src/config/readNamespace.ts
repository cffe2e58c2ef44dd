import type { Config } from '@backstage/config';
import { isValidEntityName } from '../naming/entityName';

/** The namespace for every entity of this provider; undefined = `default`. @public */
export function readNamespace(config: Config, configPath: string): string | undefined {
  const namespace = config.getOptionalString('namespace');
  if (namespace !== undefined && !isValidEntityName(namespace)) {
    throw new Error(`${configPath}.namespace "${namespace}" is not a valid catalog namespace ([a-zA-Z0-9] at both ends, -_. inside, at most 63 characters)`);
  }
  return namespace;
}
