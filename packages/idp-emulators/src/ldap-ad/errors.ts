/** LDAP result codes the emulator answers with (RFC 4511 §4.1.9). */
export const ResultCode = {
  success: 0,
  operationsError: 1,
  protocolError: 2,
  sizeLimitExceeded: 4,
  referral: 10,
  unavailableCriticalExtension: 12,
  noSuchObject: 32,
  invalidDnSyntax: 34,
  invalidCredentials: 49,
  unwillingToPerform: 53,
} as const;

/** AD's diagnostic messages (as a Windows Server 2019 DC words them). */
export const AdDiagnostics = {
  invalidCredentials: '80090308: LdapErr: DSID-0C090447, comment: AcceptSecurityContext error, data 52e, v3839',
  bindRequired: '000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation a successful bind must be completed on the connection., data 0, v3839',
  sizeLimit: '00000004: LdapErr: DSID-0C0909C4, comment: Size limit exceeded, data 0, v3839',
  noSuchObject: (dn: string) => `0000208D: NameErr: DSID-0310028C, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'${dn}'\n`,
  referral: (dn: string) => `0000202B: RefErr: DSID-0310084A, data 0, 1 access points\n\tref 1: '${dn}'\n`,
  badCookie: '00002024: LdapErr: DSID-0C090B29, comment: Error processing control, data 0, v3839',
} as const;

/** Thrown by admin operations on bad input (unknown object, duplicate name). */
export class AdAdminError extends Error {
  constructor(
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = 'AdAdminError';
  }
}
