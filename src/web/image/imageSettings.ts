/**
 * The image lab's settings form ↔ an ImageLabConfig. Each field is read with the URL table's own parser
 * (imageProps.ts), so the form and a link accept exactly the same values; an invalid entry is marked
 * aria-invalid and leaves the config as it was.
 */
import {
  IMAGE_ACTIVATIONS, IMAGE_DATASETS, IMAGE_LIMITS, IMAGE_PROPS, type ImageLabConfig,
} from '../state/imageProps.js';

/** The form control of each setting (ids in index.html). */
const CONTROL_IDS: Readonly<Record<keyof ImageLabConfig, string>> = {
  dataset: 'image-classes',
  hidden: 'image-hidden',
  activation: 'image-activation',
  learningRate: 'image-lr',
  batchSize: 'image-batch',
  epochs: 'image-epochs',
  seed: 'image-seed',
};

const DATASET_NAMES: Readonly<Record<(typeof IMAGE_DATASETS)[number], string>> = { mnist: 'MNIST digits', fashion: 'Fashion-MNIST' };
const ACTIVATION_NAMES: Readonly<Record<(typeof IMAGE_ACTIVATIONS)[number], string>> = {
  sigmoid: 'sigmoid (book)', relu: 'ReLU', tanh: 'tanh',
};

export interface ImageSettings {
  /** The settings as last validly entered. */
  config(): ImageLabConfig;
}

function control(id: string): HTMLInputElement | HTMLSelectElement {
  const element = document.getElementById(id);
  if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement)) throw new Error(`the page has no control #${id}`);
  return element;
}

/** Fills the form with `initial` and reports every valid edit as a new config. */
export function imageSettings(initial: ImageLabConfig, onChange: (config: ImageLabConfig) => void): ImageSettings {
  let config: ImageLabConfig = { ...initial };
  const dataset = control(CONTROL_IDS.dataset) as HTMLSelectElement;
  dataset.replaceChildren(...IMAGE_DATASETS.map((d) => new Option(DATASET_NAMES[d], d)));
  const activation = control(CONTROL_IDS.activation) as HTMLSelectElement;
  activation.replaceChildren(...IMAGE_ACTIVATIONS.map((a) => new Option(ACTIVATION_NAMES[a], a)));
  for (const [key, bounds] of Object.entries(IMAGE_LIMITS)) {
    const input = control(CONTROL_IDS[key as keyof ImageLabConfig]) as HTMLInputElement;
    input.min = String(bounds.min);
    input.max = String(bounds.max);
  }
  for (const p of IMAGE_PROPS) {
    const element = control(CONTROL_IDS[p.key]);
    element.value = p.write(config[p.key]);
    const read = (): void => {
      const value = p.parse(element.value);
      element.setAttribute('aria-invalid', String(value === undefined));
      if (value === undefined || value === config[p.key]) return;
      config = { ...config, [p.key]: value };
      onChange({ ...config });
    };
    element.addEventListener('input', read);
    element.addEventListener('change', read);
  }
  return { config: () => ({ ...config }) };
}
