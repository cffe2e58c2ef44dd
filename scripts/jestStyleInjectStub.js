// @backstage/ui injects its stylesheets through style-inject; jsdom cannot parse them (CSS @layer) and logs every one,
// and no test looks at styles: under jest nothing is injected.
module.exports = { __esModule: true, default: () => undefined };
