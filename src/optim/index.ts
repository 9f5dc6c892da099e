export type { Optimizer } from './optimizer.js';
export { Sgd } from './sgd.js';
export type { SgdOptions } from './sgd.js';
