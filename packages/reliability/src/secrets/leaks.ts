/**
 * The forms a secret can leak in: as is, URL-encoded, JSON-escaped, and —
 * for a PEM key — each line of its base64 body (a log may wrap or re-encode the key).
 */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  if (secret.includes('-----BEGIN')) {
    for (const line of secret.split(/\r?\n/)) if (line.length >= 24 && !line.startsWith('-----')) forms.add(line);
  }
  return [...forms].filter(f => f.length >= 8);
}

/** Where (by label) any form of any secret occurs in the captured texts. */
export function findLeaks(secrets: string[], captured: Array<{ label: string; text: string }>): string[] {
  const leaks: string[] = [];
  for (const secret of secrets) {
    const forms = secretForms(secret);
    for (const { label, text } of captured) {
      const form = forms.find(f => text.includes(f));
      if (form) leaks.push(`${label} contains a secret (${secret.slice(0, 16)}…) as "${form.slice(0, 24)}…"`);
    }
  }
  return leaks;
}

/** `/** … *\/` blocks of a config.d.ts followed by the property they document, for `@visibility` checks. */
export function documentedProperties(source: string): Array<{ name: string; doc: string }> {
  const out: Array<{ name: string; doc: string }> = [];
  const pattern = /\/\*\*([\s\S]*?)\*\/\s*(?:readonly\s+)?['"]?([A-Za-z_$][\w$]*)['"]?\??\s*:/g;
  for (let m = pattern.exec(source); m; m = pattern.exec(source)) out.push({ name: m[2], doc: m[1] });
  return out;
}

/** Every property declared in a config.d.ts (documented or not). */
export function declaredProperties(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  return [...withoutComments.matchAll(/['"]?([A-Za-z_$][\w$]*)['"]?\??\s*:/g)].map(m => m[1]);
}

/** Config keys that hold a secret by their name. */
export const SECRET_KEY = /token|secret|privatekey|password|clientcertificatepath/i;
