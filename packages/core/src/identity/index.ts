/**
 * Identity (Keystone): roles, password policy, the service catalog, users, projects and tokens.
 * `@murmuration/core/identity`.
 */
export { BUILTIN_ROLES, ACCESS_LEVELS, rolesAllow, DEFAULT_DOMAIN } from './roles.js';
export type { BuiltinRole, AccessLevel } from './roles.js';
export {
  DEFAULT_PASSWORD_POLICY, PASSWORD_RULES, checkPasswordRules, historyViolation, policyProblem,
} from './password-policy.js';
export type { PasswordPolicy, PasswordRule, PasswordViolation } from './password-policy.js';
export { API_FAMILIES, CATALOG_SERVICES, ENDPOINT_INTERFACES, buildCatalog, findEndpoint } from './catalog.js';
export type { ApiFamily, ApiFamilySpec, CatalogEndpoint, CatalogEntry, CatalogService, EndpointInterface, ErrorBodyFormat, ServiceType } from './catalog.js';
export type { UserRecord, ProjectRecord, RoleRecord, RoleAssignment, TokenRecord } from './records.js';
