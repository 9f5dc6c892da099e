/** Small labelled form fields: every control has a <label for>, so it is reachable and named for keyboard and screen-reader users. */

let counter = 0;

function field(labelText: string, control: HTMLElement): HTMLDivElement {
  const id = control.id || `field-${++counter}`;
  control.id = id;
  const row = document.createElement('div');
  row.className = 'field';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = labelText;
  row.append(label, control);
  return row;
}

/** A <select> of `options` (value, text) in a labelled row. */
export function selectField(id: string, labelText: string, options: readonly [string, string][], onChange: (value: string) => void): { row: HTMLDivElement; select: HTMLSelectElement } {
  const select = document.createElement('select');
  select.id = id;
  for (const [value, text] of options) select.add(new Option(text, value));
  select.addEventListener('change', () => onChange(select.value));
  return { row: field(labelText, select), select };
}

/** An <input type=number|range> in a labelled row; `onChange` fires with a valid number only. */
export function numberField(
  id: string, labelText: string, range: { min: number; max: number; step: number; type?: 'number' | 'range' }, onChange: (value: number) => void,
): { row: HTMLDivElement; input: HTMLInputElement } {
  const input = document.createElement('input');
  input.id = id;
  input.type = range.type ?? 'number';
  input.min = String(range.min);
  input.max = String(range.max);
  input.step = String(range.step);
  const output = document.createElement('output');
  output.htmlFor.add(id);
  const changed = (): void => {
    const v = input.valueAsNumber;
    output.textContent = input.type === 'range' ? input.value : '';
    if (Number.isFinite(v) && v >= range.min && v <= range.max) onChange(v);
  };
  input.addEventListener('change', changed);
  input.addEventListener('input', () => {
    if (input.type === 'range') output.textContent = input.value;
  });
  const row = field(labelText, input);
  if (input.type === 'range') row.append(output);
  return { row, input };
}

/** Sets a number input (and the <output> next to a range) without firing change. */
export function setNumber(input: HTMLInputElement, value: number): void {
  input.value = String(value);
  const output = input.parentElement?.querySelector('output');
  if (output) output.textContent = input.value;
}
