/**
 * API contract schemas (TypeBox/JSON Schema), a separate entry point so that clients which
 * need only the types do not load the schema builder.
 */
export {
  UuidPattern,
  KeystoneIdPattern,
  UuidParam,
  Link,
  NativeErrorBody,
  SysinvErrorBody,
  KeystoneErrorBody,
  QueryFlag,
} from './common.js';
export {
  UserIdParam,
  ProjectIdParam,
  RoleIdParam,
  AuthRequest,
  CatalogEntryObject,
  TokenBody,
  UserObject,
  UserCreateBody,
  UserUpdateBody,
  PasswordChangeBody,
  UserResponse,
  UserList,
  UserListQuery,
  ProjectObject,
  ProjectCreateBody,
  ProjectUpdateBody,
  ProjectResponse,
  ProjectList,
  ProjectListQuery,
  RoleObject,
  RoleCreateBody,
  RoleUpdateBody,
  RoleResponse,
  RoleList,
  RoleListQuery,
  RoleAssignmentObject,
  RoleAssignmentList,
  RoleAssignmentQuery,
  VersionObject,
  VersionResponse,
  VersionsResponse,
} from './identity.js';
export { SystemObject, SystemCollection, CollectionQuery, PatchBody, SysinvRoot } from './sysinv.js';
export { AuditEntryObject, AuditListQuery, AuditList, AuditVerifyResult } from './audit.js';
