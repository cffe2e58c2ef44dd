import crypto from 'node:crypto';
import { declaredProperties, documentedProperties, findLeaks } from './leaks';

describe('findLeaks', () => {
  const pem = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('finds a secret as is, URL-encoded, JSON-escaped, and a PEM by any body line', () => {
    const secret = 'SECRET-x/y+z=1';
    expect(findLeaks([secret], [{ label: 'raw', text: `a ${secret} b` }])).toHaveLength(1);
    expect(findLeaks([secret], [{ label: 'url', text: `?t=${encodeURIComponent(secret)}` }])).toHaveLength(1);
    expect(findLeaks([pem], [{ label: 'json', text: JSON.stringify({ key: pem }) }])).toHaveLength(1);
    expect(findLeaks([pem], [{ label: 'line', text: `key starts ${pem.split('\n')[1]}` }])).toHaveLength(1);
    expect(findLeaks([secret, pem], [{ label: 'clean', text: 'nothing here [redacted]' }])).toEqual([]);
  });

  it('reads which documented config properties are marked secret', () => {
    const source = '/** a\n * @visibility secret */ token?: string;\n /** b */ clientSecret: string; other: number;';
    expect(documentedProperties(source).map(d => [d.name, d.doc.includes('@visibility secret')])).toEqual([['token', true], ['clientSecret', false]]);
    expect(declaredProperties(source)).toEqual(['token', 'clientSecret', 'other']);
  });
});
