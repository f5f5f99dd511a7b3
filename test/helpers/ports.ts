export { freePort } from '../../scripts/stack/ports.ts';
