// What the pack check takes from a published README: the code an adopter would copy.

/** The bodies of the README's fenced code blocks of one language (`ts`, `yaml`). */
function codeBlocks(markdown, language) {
  const blocks = [];
  const fence = new RegExp('^```' + language + '\\s*\\n([\\s\\S]*?)^```', 'gm');
  for (const match of markdown.matchAll(fence)) blocks.push(match[1]);
  return blocks;
}

/** The TypeScript examples that are whole backend modules (transformers and other customisations). */
function backendModuleExamples(markdown) {
  return codeBlocks(markdown, 'ts').filter(block => /export default createBackendModule\(/.test(block));
}

/** The YAML examples that are app-config (they configure the catalog or an integration). */
function configExamples(markdown, parseYaml) {
  return codeBlocks(markdown, 'yaml')
    .map(block => parseYaml(block))
    .filter(data => data && typeof data === 'object' && ('catalog' in data || 'integrations' in data));
}

/** Link targets that are neither absolute URLs nor anchors: on npm they point nowhere. */
function relativeLinks(markdown) {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)[^)]*\)/g)].map(match => match[1]);
  return targets.filter(target => !/^(https?:|mailto:|#)/.test(target));
}

module.exports = { codeBlocks, backendModuleExamples, configExamples, relativeLinks };
