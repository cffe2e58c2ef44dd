import type { Config } from '@backstage/config';

/** One provider entry of a module's config root: its id, its settings and where they are. @public */
export interface ConfiguredProvider {
  id: string;
  config: Config;
  configPath: string;
}

/**
 * The shapes a module accepts at its config root:
 * - `keyed`: an object keyed by provider id (`<root>.<id>: {...}`, the official modules' shape);
 * - `list`: a list of providers (`<root>: [{...}]`), ids from `idOf`;
 * - `single`: one provider's settings directly at `<root>`, its id from `idOf`.
 *
 * @public
 */
export type ProviderEntriesForm = 'keyed' | 'list' | 'single';

/** @public */
export interface ReadProviderEntriesOptions {
  forms: ProviderEntriesForm[];
  /** The id of a listed or single provider; may throw, naming `configPath`. Default: its `id` setting, required. */
  idOf?: (config: Config, configPath: string) => string;
  /**
   * Tells one provider's settings at `<root>` from providers keyed by id (both are objects).
   * Without `single` among the forms, such settings are refused with a hint where to put them.
   */
  isSingle?: (config: Config) => boolean;
}

function requiredId(config: Config, configPath: string): string {
  const id = config.getOptionalString('id');
  if (!id) throw new Error(`${configPath}.id is required: it names the provider`);
  return id;
}

function describeForms(root: string, forms: ProviderEntriesForm[]): string {
  const shapes = { keyed: 'an object keyed by provider id', list: 'a list of providers', single: "one provider's settings" };
  return `${root} must be ${forms.map(form => shapes[form]).join(', or ')}`;
}

function keyedEntries(rootConfig: Config, root: string): ConfiguredProvider[] {
  const providers = rootConfig.getConfig(root);
  return providers.keys().map(id => {
    const value = providers.getOptional(id);
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`${root}.${id} must be an object holding one provider's settings`);
    }
    return { id, config: providers.getConfig(id), configPath: `${root}.${id}` };
  });
}

function checkDistinctIds(entries: ConfiguredProvider[]): void {
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const previous = seen.get(entry.id);
    if (previous) {
      throw new Error(`${entry.configPath} and ${previous} both have the provider id "${entry.id}"; give one of them a distinct id`);
    }
    seen.set(entry.id, entry.configPath);
  }
}

/**
 * The provider entries under `root` (e.g. `catalog.providers.okta`) in the
 * forms the module accepts; none when `root` is absent. Listed ids must be distinct.
 *
 * @public
 */
export function readProviderEntries(rootConfig: Config, root: string, options: ReadProviderEntriesOptions = { forms: ['keyed'] }): ConfiguredProvider[] {
  const { forms } = options;
  const idOf = options.idOf ?? requiredId;
  const value = rootConfig.getOptional(root);
  if (value === undefined) return [];
  if (Array.isArray(value)) {
    if (!forms.includes('list')) throw new Error(describeForms(root, forms));
    const entries = rootConfig.getConfigArray(root).map((config, index) => {
      const configPath = `${root}[${index}]`;
      return { id: idOf(config, configPath), config, configPath };
    });
    checkDistinctIds(entries);
    return entries;
  }
  if (!value || typeof value !== 'object') throw new Error(describeForms(root, forms));
  const config = rootConfig.getConfig(root);
  const single = !forms.includes('keyed') || (options.isSingle?.(config) ?? false);
  if (!single) return keyedEntries(rootConfig, root);
  if (!forms.includes('single')) {
    const list = forms.includes('list') ? ` or in a list (${root}: [{ ... }])` : '';
    throw new Error(`${root} holds a single provider's settings; put them under a provider id (${root}.<id>: { ... })${list}`);
  }
  return [{ id: idOf(config, root), config, configPath: root }];
}
