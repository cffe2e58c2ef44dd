/** The directory's answer could not be trusted as complete: the run stops and nothing is applied. */
export class IncompleteLdapReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncompleteLdapReadError';
  }
}

/** An error's message, with its cause's class (ldapts names its result codes: SizeLimitExceededError, …). */
export function describeLdapError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
  const code = (error as { code?: unknown }).code;
  return `${name}${error.message}${typeof code === 'number' ? ` (LDAP result ${code})` : ''}`;
}
