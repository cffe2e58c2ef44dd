/** A refused admin operation, with the HTTP status the admin API answers. */
export class GithubAdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
