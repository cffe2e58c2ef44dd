/** An error's message with its cause, and every secret blanked out. */
export function describeError(error: unknown, secrets: readonly string[]): string {
  return redact(describe(error), secrets);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (cause: ${cause.message})` : error.message;
  }
  return String(error);
}

/** Blanks out every secret (and its URL-encoded form) from a message. @alpha */
export function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('[redacted]');
  }
  return out;
}
