import type { Entity } from '@backstage/catalog-model';
import { cleanEntity, FIELD_LIMITS } from './cleanEntity';

const user = (profile: Record<string, unknown>, annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'jane', annotations },
  spec: { profile, memberOf: ['group:default/a'] } as Entity['spec'],
});

describe('cleanEntity', () => {
  it('removes NUL and other control characters from values and keys, keeping tabs and line breaks', () => {
    const entity = user({ displayName: 'Ja\u0000ne\u0007 Doe', email: 'jane@example.com' }, { 'okta.com/login': 'jane\u0000@example.com', 'x\u0001y': 'a\tb\nc' });
    const cleaned = cleanEntity(entity);
    expect(entity.spec!.profile).toEqual({ displayName: 'Jane Doe', email: 'jane@example.com' });
    expect(entity.metadata.annotations).toEqual({ 'okta.com/login': 'jane@example.com', xy: 'a\tb\nc' });
    expect(JSON.stringify(entity)).not.toMatch(/\\u0000/);
    expect(cleaned.map(c => c.field)).toEqual(['metadata.annotations.okta.com/login', 'metadata.annotations.xy', 'spec.profile.displayName']);
  });

  it('cuts an oversized field to the limit and says by how much', () => {
    const entity = user({ displayName: 'x'.repeat(1024 * 1024) });
    expect(cleanEntity(entity)).toEqual([{ field: 'spec.profile.displayName', change: `cut from 1048576 to ${FIELD_LIMITS.text} characters` }]);
    expect((entity.spec!.profile as { displayName: string }).displayName).toHaveLength(FIELD_LIMITS.text);
  });

  it.each([
    ['javascript:alert(document.cookie)', 'picture dropped: javascript: URLs are not allowed (only https: and data:image/)'],
    ['http://example.com/a.png', 'picture dropped: http: URLs are not allowed (only https: and data:image/)'],
    ['data:text/html,<script>1</script>', 'picture dropped: data: URLs are not allowed (only https: and data:image/)'],
    ['not a url', 'picture dropped: not a URL'],
    [`https://example.com/${'a'.repeat(3000)}`, 'picture dropped: a URL of 3020 characters (limit 2048)'],
  ])('drops the picture %s', (picture, change) => {
    const entity = user({ picture });
    expect(cleanEntity(entity)).toEqual([{ field: 'spec.profile.picture', change }]);
    expect(entity.spec!.profile).toEqual({});
  });

  it('keeps https: pictures and image data URIs', () => {
    const data = `data:image/jpeg;base64,${'A'.repeat(20_000)}`;
    const https = user({ picture: 'https://avatars.example.com/u/1?v=4' });
    const photo = user({ picture: data });
    expect([...cleanEntity(https), ...cleanEntity(photo)]).toEqual([]);
    expect((photo.spec!.profile as { picture: string }).picture).toBe(data);
  });
});
