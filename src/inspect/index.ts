export { checkGradients } from './gradientCheck.js';
export type { GradientCheckOptions, GradientCheckResult, ParameterCheck } from './gradientCheck.js';
