/**
 * Genesys Cloud's error body and the codes the sandbox answers with. Shape and codes follow the
 * Platform API's `ErrorBody` (see ../shared/reference/genesys-api.md §3).
 */
export interface ErrorBodyFields {
  details?: Array<Record<string, unknown>>;
  errors?: Array<Record<string, unknown>>;
  messageParams?: Record<string, string>;
  messageWithParams?: string;
  entityId?: string;
  entityName?: string;
  limit?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: ErrorBodyFields = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(contextId: string): Record<string, unknown> {
    return {
      message: this.message,
      code: this.code,
      status: this.status,
      ...this.fields,
      contextId,
      details: this.fields.details ?? [],
      errors: this.fields.errors ?? [],
    };
  }
}

export const badRequest = (message: string, fields?: ErrorBodyFields) => new ApiError(400, 'bad.request', message, fields);

export const invalidValue = (value: string, fieldType: string, allowed: readonly string[]) =>
  new ApiError(400, 'invalid.value', `Value [${value}] is not valid for field type [${fieldType}]. Allowable values are: ${allowed.join(', ')}`, {
    messageWithParams: 'Value [{value}] is not valid for field type [{fieldType}]. Allowable values are: {allowed}',
    messageParams: { value, fieldType, allowed: allowed.join(', ') },
  });

export const notFound = (message = 'The requested resource was not found.') => new ApiError(404, 'not.found', message);

export const conflict = (message: string, code = 'conflict') => new ApiError(409, code, message);

export const versionMismatch = (kind: string) =>
  new ApiError(409, 'version.mismatch', `The ${kind} version does not match the current version.`);

export const missingPermissions = (perms: readonly string[], any: boolean) =>
  any
    ? new ApiError(403, 'missing.any.permissions', `Unable to perform the requested action. You must have at least one of the following permissions assigned: [${perms.join(', ')}]`, {
        messageWithParams: 'Unable to perform the requested action. You must have at least one of the following permissions assigned: {permissions}',
        messageParams: { permissions: perms.join(', ') },
      })
    : new ApiError(403, 'missing.permissions', `Unable to perform the requested action. You are missing the following permission(s): [${perms.join(', ')}]`, {
        messageWithParams: 'Unable to perform the requested action. You are missing the following permission(s): {permissions}',
        messageParams: { permissions: perms.join(', ') },
      });

/**
 * The 403 for a permission the caller holds somewhere but not in the object's division. The code is
 * Genesys's (`missing.division.permission`); the wording is the sandbox's (FIDELITY.md: assumed).
 */
export const missingDivisionPermissions = (perms: readonly string[], divisionIds: readonly string[]) =>
  new ApiError(
    403,
    'missing.division.permission',
    `Unable to perform the requested action. You are missing the following permission(s): [${perms.join(', ')}] in the division(s): [${divisionIds.join(', ')}]`,
    {
      messageWithParams: 'Unable to perform the requested action. You are missing the following permission(s): {permissions} in the division(s): {divisions}',
      messageParams: { permissions: perms.join(', '), divisions: divisionIds.join(', ') },
    },
  );

export const authenticationRequired = () =>
  new ApiError(401, 'authentication.required', 'No authentication bearer token specified in authorization header.');

export const badCredentials = () => new ApiError(401, 'bad.credentials', 'Invalid login credentials.');

export const tooManyRequests = (retryAfterSeconds: number) =>
  new ApiError(
    429,
    'too.many.requests.retry.after',
    `Rate limit exceeded the maximum. Retry the request in [${retryAfterSeconds}] seconds`,
    {},
    { 'Retry-After': String(retryAfterSeconds) },
  );

export const internalServerError = () => new ApiError(500, 'internal.server.error', 'The server encountered an unexpected condition.');
export const serviceUnavailable = () => new ApiError(503, 'service.unavailable', 'Service is currently unavailable.');
