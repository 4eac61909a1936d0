export { createEnrollmentService, DEFAULT_BOOTSTRAP_TOKEN_SECONDS } from './enrollment-service.js';
export type { BootstrapTokenEntry, Enrollment, EnrollmentService, RegisterInput } from './enrollment-service.js';
export { enrollmentModule } from './enrollment-module.js';
