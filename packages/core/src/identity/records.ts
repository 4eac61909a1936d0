/** A user as the identity service keeps it. The password hash never leaves the server. */
export interface UserRecord {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly defaultProjectId: string | null;
  readonly description: string | null;
  readonly email: string | null;
  readonly passwordHash: string | null;
  readonly passwordChangedAt: number | null;
  readonly failedLogins: number;
  readonly lockedUntil: number | null;
  readonly createdAt: number;
}

export interface ProjectRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly enabled: boolean;
  readonly tags: readonly string[];
  readonly createdAt: number;
}

export interface RoleRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly createdAt: number;
}

export interface RoleAssignment {
  readonly userId: string;
  readonly projectId: string;
  readonly roleId: string;
}

/** An issued token. Only the SHA-256 of the token travels to the database. */
export interface TokenRecord {
  readonly hash: string;
  readonly userId: string;
  readonly projectId: string | null;
  readonly methods: readonly string[];
  readonly auditId: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}
