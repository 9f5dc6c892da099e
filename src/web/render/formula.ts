/** A node's function written out: the weighted sum of its inputs, then its activation. */
export function nodeFormula(options: {
  name: string;
  inputs: readonly string[];
  /** this node's incoming weights, one per input */
  weights: readonly number[];
  bias: number;
  activation: string;
  /** the node's index among the outputs of a softmax layer */
  softmaxIndex?: number;
}): string {
  const terms = options.weights.map((w, i) => `${i === 0 ? (w < 0 ? '−' : '') : w < 0 ? ' − ' : ' + '}${Math.abs(w).toFixed(2)}·${options.inputs[i]}`);
  const sign = options.bias < 0 ? ' − ' : ' + ';
  const sum = `${terms.join('')}${sign}${Math.abs(options.bias).toFixed(2)}`;
  if (options.activation === 'softmax') {
    const k = options.softmaxIndex ?? 0;
    return `z${k + 1} = ${sum}\n${options.name} = softmax(z)${k + 1} = e^z${k + 1} / Σ e^z`;
  }
  return `z = ${sum}\n${options.name} = ${options.activation}(z)`;
}
