import type { Generated } from 'kysely';

/** The identity service's tables: users, projects, roles, their assignments and issued tokens. */
export interface IdentityTables {
  projects: ProjectTable;
  users: UserTable;
  password_history: PasswordHistoryTable;
  roles: RoleTable;
  role_assignments: RoleAssignmentTable;
  tokens: TokenTable;
}

export interface ProjectTable {
  id: string;
  name: string;
  description: string;
  enabled: number;
  tags: string;
  created_at: number;
}

export interface UserTable {
  id: string;
  name: string;
  enabled: number;
  default_project_id: string | null;
  description: string | null;
  email: string | null;
  password_hash: string | null;
  password_changed_at: number | null;
  failed_logins: number;
  locked_until: number | null;
  created_at: number;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  user_id: string;
  password_hash: string;
  created_at: number;
}

export interface RoleTable {
  id: string;
  name: string;
  description: string | null;
  created_at: number;
}

export interface RoleAssignmentTable {
  user_id: string;
  project_id: string;
  role_id: string;
}

export interface TokenTable {
  hash: string;
  user_id: string;
  project_id: string | null;
  /** The authentication methods, comma-separated. */
  methods: string;
  audit_id: string;
  issued_at: number;
  expires_at: number;
}
