/**
 * The api answers the same /health and /health/ready as the workers, from one controller in
 * libs/observability; its checks are those of the process it runs in.
 */
export { HealthHttpController } from '@certplane/observability';
