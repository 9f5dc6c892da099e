/** The data and network controls of the 2-D lab: they show a LabConfig and report edits as a new LabConfig. */
import {
  ACTIVATIONS, DATASETS, L2_RATES, LEARNING_RATES, type LabConfig, MAX_LAYERS, MAX_NODES, OPTIMIZERS,
} from '../state/props.js';
import { numberField, selectField, setNumber } from './fields.js';

export interface LabControls {
  /** Shows `config` in every control (no change events). */
  show(config: LabConfig): void;
  /** Enables the 'csv' dataset choice once a file is loaded. */
  enableCsv(name: string): void;
}

/** Builds the controls into the two containers; `onChange` receives each edited config. */
export function createLabControls(dataBox: HTMLElement, networkBox: HTMLElement, initial: LabConfig, onChange: (config: LabConfig) => void): LabControls {
  let config: LabConfig = { ...initial, hidden: [...initial.hidden] };
  const edit = (patch: Partial<LabConfig>): void => {
    config = { ...config, ...patch };
    onChange({ ...config, hidden: [...config.hidden] });
  };

  const datasetOptions = DATASETS.map((d): [string, string] => [d, d === 'csv' ? 'CSV file (none loaded)' : d]);
  const dataset = selectField('dataset', 'Dataset', datasetOptions, (v) => edit({ dataset: v as LabConfig['dataset'] }));
  const csvOption = dataset.select.options[DATASETS.indexOf('csv')]!;
  csvOption.disabled = true;
  const noise = numberField('noise', 'Noise', { min: 0, max: 0.5, step: 0.01, type: 'range' }, (v) => edit({ noise: v }));
  const size = numberField('size', 'Points', { min: 20, max: 5000, step: 10 }, (v) => edit({ size: v }));
  const classes = numberField('classes', 'Classes (spiral, blobs)', { min: 2, max: 8, step: 1 }, (v) => edit({ classes: v }));
  const test = numberField('test-fraction', 'Test fraction', { min: 0.1, max: 0.9, step: 0.05, type: 'range' }, (v) => edit({ testFraction: v }));
  dataBox.append(dataset.row, noise.row, size.row, classes.row, test.row);

  const layersTitle = document.createElement('p');
  layersTitle.id = 'layers-title';
  layersTitle.textContent = 'Hidden layers (nodes per layer)';
  const layers = document.createElement('ol');
  layers.className = 'layers';
  layers.setAttribute('aria-labelledby', 'layers-title');
  const addLayer = document.createElement('button');
  addLayer.type = 'button';
  addLayer.id = 'add-layer';
  addLayer.textContent = 'Add hidden layer';
  addLayer.addEventListener('click', () => {
    if (config.hidden.length < MAX_LAYERS) edit({ hidden: [...config.hidden, 2] });
  });
  const renderLayers = (): void => {
    layers.replaceChildren(
      ...config.hidden.map((units, i) => {
        const li = document.createElement('li');
        const input = document.createElement('input');
        input.type = 'number';
        input.min = '1';
        input.max = String(MAX_NODES);
        input.step = '1';
        input.value = String(units);
        input.id = `layer-${i + 1}`;
        input.setAttribute('aria-label', `Nodes in hidden layer ${i + 1}`);
        input.addEventListener('change', () => {
          const v = input.valueAsNumber;
          if (Number.isInteger(v) && v >= 1 && v <= MAX_NODES) edit({ hidden: config.hidden.map((h, k) => (k === i ? v : h)) });
        });
        const label = document.createElement('label');
        label.htmlFor = input.id;
        label.textContent = `Layer ${i + 1}`;
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = 'Remove';
        remove.setAttribute('aria-label', `Remove hidden layer ${i + 1}`);
        remove.addEventListener('click', () => edit({ hidden: config.hidden.filter((_, k) => k !== i) }));
        li.append(label, input, remove);
        return li;
      }),
    );
    addLayer.disabled = config.hidden.length >= MAX_LAYERS;
  };
  const activation = selectField('activation', 'Activation', ACTIVATIONS.map((a) => [a, a]), (v) => edit({ activation: v as LabConfig['activation'] }));
  const lr = selectField('learning-rate', 'Learning rate', LEARNING_RATES.map((r) => [String(r), String(r)]), (v) => edit({ learningRate: Number(v) }));
  const batch = numberField('batch-size', 'Batch size', { min: 1, max: 1000, step: 1 }, (v) => edit({ batchSize: v }));
  const optimizer = selectField('optimizer', 'Optimizer', OPTIMIZERS.map((o) => [o, o]), (v) => edit({ optimizer: v as LabConfig['optimizer'] }));
  const l2 = selectField('l2', 'L2 regularization', L2_RATES.map((r) => [String(r), String(r)]), (v) => edit({ l2: Number(v) }));
  const seed = numberField('seed', 'Seed', { min: 0, max: 2 ** 31 - 1, step: 1 }, (v) => edit({ seed: v }));
  const layersBox = document.createElement('div');
  layersBox.className = 'layers-box';
  layersBox.append(layersTitle, layers, addLayer);
  networkBox.append(layersBox, activation.row, lr.row, batch.row, optimizer.row, l2.row, seed.row);

  /** Selects `value`, adding it as an option first when a URL or model file brought a value not in the list. */
  const choose = (select: HTMLSelectElement, value: string): void => {
    if (![...select.options].some((o) => o.value === value)) select.add(new Option(value, value));
    select.value = value;
  };
  const show = (next: LabConfig): void => {
    config = { ...next, hidden: [...next.hidden] };
    dataset.select.value = config.dataset;
    setNumber(noise.input, config.noise);
    setNumber(size.input, config.size);
    setNumber(classes.input, config.classes);
    setNumber(test.input, config.testFraction);
    const generated = config.dataset !== 'csv';
    noise.input.disabled = !generated;
    size.input.disabled = !generated;
    classes.input.disabled = config.dataset !== 'spiral' && config.dataset !== 'blobs';
    renderLayers();
    activation.select.value = config.activation;
    choose(lr.select, String(config.learningRate));
    setNumber(batch.input, config.batchSize);
    optimizer.select.value = config.optimizer;
    choose(l2.select, String(config.l2));
    setNumber(seed.input, config.seed);
  };
  show(config);
  return {
    show,
    enableCsv(name) {
      csvOption.disabled = false;
      csvOption.text = `CSV file: ${name}`;
    },
  };
}
