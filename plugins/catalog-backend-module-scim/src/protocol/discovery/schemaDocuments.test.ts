import { findSchemaDocument, schemasList } from './schemaDocuments';

const BASE = 'https://backstage.example.com/api/catalog/org-sync/scim/entra/';

describe('schema documents', () => {
  it('Schemas describes User, Group and EnterpriseUser attribute by attribute', () => {
    const list = schemasList(BASE);
    expect(list.Resources.map(schema => schema.name)).toEqual(['User', 'Group', 'EnterpriseUser']);
    const user = list.Resources[0];
    expect(user.meta.location).toBe(`${BASE}Schemas/urn:ietf:params:scim:schemas:core:2.0:User`);
    expect(user.attributes.find(attribute => attribute.name === 'userName')).toEqual({
      name: 'userName',
      type: 'string',
      multiValued: false,
      description: 'Unique identifier for the User.',
      required: true,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'server',
    });
    expect(user.attributes.find(attribute => attribute.name === 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expect(user.attributes.find(attribute => attribute.name === 'emails')?.subAttributes?.map(sub => sub.name)).toEqual(['value', 'display', 'type', 'primary']);
    const members = findSchemaDocument('urn:ietf:params:scim:schemas:core:2.0:group', BASE)?.attributes.find(attribute => attribute.name === 'members');
    expect(members).toMatchObject({ multiValued: true, type: 'complex' });
    expect(findSchemaDocument('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', BASE)?.attributes.map(attribute => attribute.name)).toEqual([
      'employeeNumber',
      'costCenter',
      'organization',
      'division',
      'department',
      'manager',
    ]);
    expect(findSchemaDocument('urn:example:unknown', BASE)).toBeUndefined();
  });

  it('serialises to JSON without losing anything', () => {
    const list = schemasList(BASE);
    expect(JSON.parse(JSON.stringify(list))).toEqual(list);
  });
});
