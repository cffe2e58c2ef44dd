import fs from 'node:fs';
import path from 'node:path';

/** Set (by CI) to make a missing slapd a test failure instead of a skip. */
export const REQUIRE_SLAPD_ENV = 'ORGSYNC_REQUIRE_SLAPD';
/** The command that installs what the slapd tests need (Debian/Ubuntu). */
export const SLAPD_INSTALL_HINT = 'apt-get install slapd ldap-utils';

/** Where the OpenLDAP programs, modules and schemas are; each can be moved by an environment variable. */
export const slapdPaths = {
  slapd: process.env.ORGSYNC_SLAPD ?? '/usr/sbin/slapd',
  slapadd: process.env.ORGSYNC_SLAPADD ?? '/usr/sbin/slapadd',
  modules: process.env.ORGSYNC_SLAPD_MODULES ?? '/usr/lib/ldap',
  schemas: process.env.ORGSYNC_SLAPD_SCHEMAS ?? '/etc/ldap/schema',
};

/** What is missing for a throw-away slapd (empty when everything is there). */
export function missingSlapdParts(): string[] {
  const required = [
    slapdPaths.slapd,
    slapdPaths.slapadd,
    path.join(slapdPaths.modules, 'back_mdb.la'),
    ...['core', 'cosine', 'inetorgperson', 'nis'].map(s => path.join(slapdPaths.schemas, `${s}.schema`)),
  ];
  return required.filter(file => !fs.existsSync(file));
}

/** True when OpenLDAP's slapd, slapadd, back_mdb and the standard schemas are installed. */
export function isSlapdAvailable(): boolean {
  return missingSlapdParts().length === 0;
}

/**
 * `describe` when slapd is installed, else a skipped `describe` that says how to install it.
 * With `ORGSYNC_REQUIRE_SLAPD=1` (CI) a missing slapd fails instead.
 */
export function describeSlapd(name: string, fn: () => void): void {
  const missing = missingSlapdParts();
  if (missing.length === 0) {
    describe(name, fn);
  } else if (process.env[REQUIRE_SLAPD_ENV]) {
    describe(name, () => {
      it('needs slapd', () => {
        throw new Error(`${REQUIRE_SLAPD_ENV} is set but slapd is not installed (missing ${missing.join(', ')}): ${SLAPD_INSTALL_HINT}`);
      });
    });
  } else {
    describe.skip(`${name} (skipped: slapd not installed; ${SLAPD_INSTALL_HINT})`, () => {
      it('needs slapd', () => undefined);
    });
  }
}
