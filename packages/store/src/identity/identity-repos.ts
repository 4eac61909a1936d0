import { assignmentRepo, type AssignmentRepo } from './assignment-repo.js';
import { passwordHistoryRepo, type PasswordHistoryRepo } from './password-history-repo.js';
import { projectRepo, type ProjectRepo } from './project-repo.js';
import { roleRepo, type RoleRepo } from './role-repo.js';
import { tokenRepo, type TokenRepo } from './token-repo.js';
import { userRepo, type UserRepo } from './user-repo.js';
import type { Executor } from '../repos/executor.js';

/** The identity service's repositories. */
export interface IdentityRepos {
  readonly users: UserRepo;
  readonly passwordHistory: PasswordHistoryRepo;
  readonly projects: ProjectRepo;
  readonly roles: RoleRepo;
  readonly assignments: AssignmentRepo;
  readonly tokens: TokenRepo;
}

export function identityRepos(db: Executor): IdentityRepos {
  return {
    users: userRepo(db),
    passwordHistory: passwordHistoryRepo(db),
    projects: projectRepo(db),
    roles: roleRepo(db),
    assignments: assignmentRepo(db),
    tokens: tokenRepo(db),
  };
}
