/**
 * A Microsoft Graph / Entra ID tenant as the emulator serves it: users and
 * groups exactly as Graph v1.0 returns them (all properties; the emulator
 * projects the default set or `$select`), plus group membership and photos.
 */
export interface GraphUser {
  id: string;
  displayName: string | null;
  givenName: string | null;
  surname: string | null;
  userPrincipalName: string;
  mail: string | null;
  mailNickname: string;
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  jobTitle: string | null;
  department: string | null;
  businessPhones: string[];
  mobilePhone: string | null;
  officeLocation: string | null;
  preferredLanguage: string | null;
  employeeId: string | null;
  createdDateTime: string;
  /** Any further Graph user property (`onPremisesSamAccountName`, `companyName`, …). */
  [property: string]: unknown;
}

export interface GraphGroup {
  id: string;
  displayName: string;
  description: string | null;
  mail: string | null;
  mailEnabled: boolean;
  mailNickname: string;
  securityEnabled: boolean;
  /** `['Unified']` for Microsoft 365 groups, `[]` for security / distribution groups. */
  groupTypes: string[];
  visibility: string | null;
  createdDateTime: string;
  [property: string]: unknown;
}

export interface GraphOrganization {
  id: string;
  displayName: string;
  tenantType?: string;
  createdDateTime?: string;
  countryLetterCode?: string | null;
  verifiedDomains: Array<{ name: string; isDefault: boolean; isInitial: boolean; type: string; capabilities: string }>;
  [property: string]: unknown;
}

export interface GraphPhoto {
  contentType: string;
  /** The image bytes, base64. */
  base64: string;
  width?: number;
  height?: number;
}

export interface GraphFixture {
  /** Tenant id (a GUID); also the organization id. */
  tenantId: string;
  organization: GraphOrganization;
  users: GraphUser[];
  groups: GraphGroup[];
  /** Direct members of each group: group id → member ids (user or group ids), in order. */
  members: Record<string, string[]>;
  /** User id → profile photo. Users without an entry have no photo (404 ImageNotFound). */
  photos?: Record<string, GraphPhoto>;
}
