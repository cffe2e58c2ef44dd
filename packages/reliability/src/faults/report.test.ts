import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CASES_SECTION_MARKER, LDAP_SECTION_MARKER, writeLdapSection, writeReport } from './report';

describe('docs/reliability.md sections', () => {
  let file: string;
  beforeEach(() => {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reliability-report-')), 'reliability.md');
  });

  it('keeps the LDAP section and the reviewed cases when the HTTP matrix is rewritten, and the cases when the LDAP section is', () => {
    fs.writeFileSync(file, `# old matrix\n\n${LDAP_SECTION_MARKER}\n## LDAP old\n\n${CASES_SECTION_MARKER}\n## Reviewed cases\n- a case\n`);

    writeReport('# new matrix\n', file);
    writeLdapSection('## LDAP new\n', file);

    const doc = fs.readFileSync(file, 'utf8');
    expect(doc).toBe(`# new matrix\n\n${LDAP_SECTION_MARKER}\n## LDAP new\n\n${CASES_SECTION_MARKER}\n## Reviewed cases\n- a case\n`);
  });

  it('puts a first LDAP section before the reviewed cases', () => {
    fs.writeFileSync(file, `# matrix\n\n${CASES_SECTION_MARKER}\n## Reviewed cases\n`);

    writeLdapSection('## LDAP\n', file);

    expect(fs.readFileSync(file, 'utf8')).toBe(`# matrix\n\n${LDAP_SECTION_MARKER}\n## LDAP\n\n${CASES_SECTION_MARKER}\n## Reviewed cases\n`);
  });
});
